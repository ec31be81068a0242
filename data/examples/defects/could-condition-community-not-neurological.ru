#+ summary: The condition community consulted is people with diabetes, not people affected by neurological conditions.
#+ expect: jfpreq:condition-communities-consulted
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

DELETE { ?group jfp:condition ?condition }
INSERT { ?group jfp:condition "diabetes" }
WHERE {
  ?_plan_iri jfp:hasConsultation/jfp:consulted ?group .
  ?group jfp:groupType jfp:consultee-condition-community ; jfp:condition ?condition .
}
