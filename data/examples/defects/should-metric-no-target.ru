#+ summary: A metric with a baseline but no target.
#+ expect: jfpreq:delivery-focused
#+ shape: jfpsh:delivery-focused-targets
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - metric: The metric, as in the plan's IRIs (<plan>/metric/NAME).
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - metric: 1-1

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

DELETE { ?metric jfp:target ?target }
WHERE {
  BIND(IRI(CONCAT(STR(?_plan_iri), "/metric/", STR(?_metric))) AS ?metric)
  ?metric jfp:target ?target .
}
