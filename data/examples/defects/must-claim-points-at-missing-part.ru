#+ summary: The research duty claim points at a section the plan does not have (a dangling pointer), besides its evidence.
#+ expect: jfpreq:evidence-resolves
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

INSERT { ?claim jfp:addressedBy ?missing }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim .
  ?claim jfp:addressesRequirement jfpreq:duty-research .
  BIND(IRI(CONCAT(STR(?_plan_iri), "/section/research-and-evidence")) AS ?missing)
}
