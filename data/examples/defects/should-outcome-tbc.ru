#+ summary: An objective whose expected outcome is "TBC".
#+ expect: jfpreq:delivery-focused
#+ shape: jfpsh:delivery-focused-outcomes
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - objective: The objective, as in the plan's IRIs (<plan>/objective/NAME).
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - objective: 1

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

INSERT { ?objective jfp:expectedOutcome "TBC" }
WHERE {
  BIND(IRI(CONCAT(STR(?_plan_iri), "/objective/", STR(?_objective))) AS ?objective)
  ?_plan_iri jfp:hasObjective ?objective .
}
