#+ summary: No step implements the joint local health and wellbeing strategy of one relevant board (in the example, Southampton's) or any of its priorities, and the per-strategy claim for it is gone.
#+ expect: jfpreq:jlhws-steps
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+   - hwb_iri: One of the plan's relevant health and wellbeing boards.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024
#+   - hwb_iri: https://w3id.org/jfp-graph/id/hwb/E06000045

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

# The board's strategies share its GSS code: <hwb/E06000045> publishes <jlhws/E06000045/2023>.
DELETE { ?step jfp:implements ?target }
WHERE {
  ?_plan_iri jfp:hasObjective?/jfp:hasStep ?step .
  ?step jfp:implements ?target .
  FILTER(STRSTARTS(STR(?target), CONCAT(REPLACE(STR(?_hwb_iri), "/hwb/", "/jlhws/"), "/")))
} ;
# Remove the plan's claims for that strategy and their evidence: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim .
  ?claim jfp:addressesRequirement jfpreq:jlhws-steps ;
         jfp:aboutStrategy ?strategy ;
         jfp:hasEvidence? ?x .
  FILTER(STRSTARTS(STR(?strategy), CONCAT(REPLACE(STR(?_hwb_iri), "/hwb/", "/jlhws/"), "/")))
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
