#+ summary: The draft plan was not shared with one relevant health and wellbeing board (in the example, Surrey's, a relevant board although most of Surrey lies in another ICB).
#+ expect: jfpreq:hwb-draft-shared
#+ base: plans/QNQ-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - hwb_iri: One of the plan's relevant health and wellbeing boards.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QNQ/2024
#+   - hwb_iri: https://w3id.org/jfp-graph/id/hwb/E10000030

PREFIX jfp: <https://w3id.org/jfp-graph/def#>

# Remove the sharing of the draft with the board: every triple with it as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasDraftSharing ?x .
  ?x jfp:sharedWith ?_hwb_iri .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
