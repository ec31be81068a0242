#+ summary: Only two priority pathways (in the example, neurology and children and young people's mental health) instead of at least three.
#+ expect: jfpreq:priority-pathways
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - pathway: Name of the priority pathway to drop, as in the plan's IRIs (<plan>/pathway/NAME).
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - pathway: cardiovascular

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Remove the pathway: every triple with it as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  BIND(IRI(CONCAT(STR(?_plan_iri), "/pathway/", ?_pathway)) AS ?x)
  ?_plan_iri jfp:hasPriorityPathway ?x .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
