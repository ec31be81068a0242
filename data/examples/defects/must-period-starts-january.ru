#+ summary: The plan period starts on 1 January (2024 in the example) instead of at the start of the financial year, so it is not five financial years.
#+ expect: jfpreq:five-year-period
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { ?_plan_iri jfp:periodStart ?old }
INSERT { ?_plan_iri jfp:periodStart ?start }
WHERE {
  ?_plan_iri jfp:periodStart ?old .
  BIND(STRDT(CONCAT(STR(YEAR(?old)), "-01-01"), xsd:date) AS ?start)
}
