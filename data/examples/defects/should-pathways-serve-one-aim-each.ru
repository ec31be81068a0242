#+ summary: Three priority pathways that each serve one aim only, instead of each serving all three.
#+ expect: jfpreq:priority-pathways
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Keep one aim per pathway: quality for neurology, inequalities for cardiovascular, value for the other.
DELETE { ?pathway jfp:servesAim ?aim }
WHERE {
  ?_plan_iri jfp:hasPriorityPathway ?pathway .
  ?pathway jfp:servesAim ?aim .
  FILTER(!(STRENDS(STR(?pathway), "/neurology") && ?aim = jfp:aim-quality)
         && !(STRENDS(STR(?pathway), "/cardiovascular") && ?aim = jfp:aim-inequalities)
         && !(STRENDS(STR(?pathway), "/cyp-mental-health") && ?aim = jfp:aim-value))
}
