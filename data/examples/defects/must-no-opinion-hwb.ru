#+ summary: The plan has no statement of one relevant health and wellbeing board's final opinion (in the example, Portsmouth's); the other opinions remain.
#+ expect: jfpreq:hwb-opinion-statement
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - hwb_iri: One of the plan's relevant health and wellbeing boards.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - hwb_iri: https://w3id.org/jfp-graph/id/hwb/E06000044

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Remove the board's opinion statement: every triple with it as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasOpinionStatement ?x .
  ?x jfp:opinionOf ?_hwb_iri .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
