#+ summary: The plan period ends on 31 March four years after it starts (2028 in the example), four years instead of five.
#+ expect: jfpreq:five-year-period
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { ?_plan_iri jfp:periodEnd ?old }
INSERT { ?_plan_iri jfp:periodEnd ?end }
WHERE {
  ?_plan_iri jfp:periodStart ?start ;
             jfp:periodEnd ?old .
  BIND(STRDT(CONCAT(STR(YEAR(?start) + 4), "-03-31"), xsd:date) AS ?end)
}
