#+ summary: The plan is prepared by the ICB alone, with no partner trust recorded as preparing it.
#+ expect: jfpreq:prepared-with-partner-trusts
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

DELETE { ?_plan_iri jfp:preparedBy ?trust }
WHERE {
  ?_plan_iri jfp:preparedBy ?trust .
  FILTER(CONTAINS(STR(?trust), "/trust/"))
}
