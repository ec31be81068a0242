#+ summary: The plan has no summary of the views expressed in consultation, and no claim for one.
#+ expect: jfpreq:views-summary
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

# Remove the summary of views, its views, and the plan's claims for it with their evidence: every triple
# with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  { ?_plan_iri jfp:hasViewsSummary ?summary . ?summary jfp:hasView? ?x }
  UNION
  { ?_plan_iri jfp:hasClaim ?claim . ?claim jfp:addressesRequirement jfpreq:views-summary ; jfp:hasEvidence? ?x }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
