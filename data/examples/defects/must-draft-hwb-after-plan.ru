#+ summary: The draft for one relevant health and wellbeing board (in the example, Portsmouth's) is recorded as sent on the day the plan was published, after it was prepared.
#+ expect: jfpreq:hwb-draft-shared
#+ shape: jfpsh:hwb-draft-before-plan
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - hwb_iri: One of the plan's relevant health and wellbeing boards.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - hwb_iri: https://w3id.org/jfp-graph/id/hwb/E06000044

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>

DELETE { ?sharing jfp:sharedOn ?on }
INSERT { ?sharing jfp:sharedOn ?published }
WHERE {
  ?_plan_iri jfp:hasDraftSharing ?sharing ; dcterms:issued ?published .
  ?sharing jfp:sharedWith ?_hwb_iri ; jfp:sharedOn ?on .
}
