#+ summary: Objectives have no metrics, trajectories or milestones, so the plan is not delivery focused.
#+ expect: jfpreq:delivery-focused
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Remove every metric, milestone and trajectory of the plan's objectives, with the trajectories' points:
# every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasObjective ?objective .
  ?objective (jfp:hasMetric|jfp:hasMilestone|jfp:hasTrajectory|jfp:hasTrajectoryPoint)+ ?x .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
