#+ summary: No underserved or inclusion health group was consulted.
#+ expect: jfpreq:underserved-views
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Remove the underserved and inclusion health groups the plan consulted: every triple with one of them as
# subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasConsultation/jfp:consulted ?x .
  ?x jfp:groupType ?type .
  FILTER(?type IN (jfp:consultee-underserved, jfp:consultee-inclusion-health))
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
