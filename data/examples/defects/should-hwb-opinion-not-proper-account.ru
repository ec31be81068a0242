#+ summary: One relevant health and wellbeing board's final opinion (in the example, Portsmouth's) is that the plan does not take proper account of its strategy.
#+ expect: jfpreq:hwb-opinion-proper-account
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - hwb_iri: One of the plan's relevant health and wellbeing boards.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - hwb_iri: https://w3id.org/jfp-graph/id/hwb/E06000044

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

DELETE { ?opinion jfp:verdict ?verdict ; jfp:takesProperAccount ?answer ; jfp:opinionText ?text }
INSERT {
  ?opinion jfp:verdict jfp:verdict-not-proper-account ;
           jfp:takesProperAccount false ;
           jfp:opinionText "The Board considers that the draft plan does not take proper account of its joint local health and wellbeing strategy: it sets out no step for the strategy's priorities for housing." .
}
WHERE {
  ?_plan_iri jfp:hasOpinionStatement ?opinion .
  ?opinion jfp:opinionOf ?_hwb_iri ; jfp:verdict ?verdict ; jfp:opinionText ?text .
  OPTIONAL { ?opinion jfp:takesProperAccount ?answer }
}
