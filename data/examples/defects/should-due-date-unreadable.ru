#+ summary: A milestone due "March 2024" stored as an invalid xsd:date.
#+ expect: jfpreq:delivery-focused
#+ shape: jfpsh:delivery-focused-due-dates
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - milestone: The milestone, as in the plan's IRIs (<plan>/milestone/NAME).
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - milestone: 1-1

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { ?milestone jfp:dueDate ?due }
INSERT { ?milestone jfp:dueDate "March 2024"^^xsd:date }
WHERE {
  BIND(IRI(CONCAT(STR(?_plan_iri), "/milestone/", STR(?_milestone))) AS ?milestone)
  ?milestone jfp:dueDate ?due .
}
