#+ summary: The plan was prepared on 10 May, after the start of its first financial year on 1 April (2024 in the example).
#+ expect: jfpreq:prepared-before-year
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { ?_plan_iri dcterms:created ?old }
INSERT { ?_plan_iri dcterms:created ?created }
WHERE {
  ?_plan_iri dcterms:created ?old ;
             jfp:periodStart ?start .
  BIND(STRDT(CONCAT(STR(YEAR(?start)), "-05-10"), xsd:date) AS ?created)
}
