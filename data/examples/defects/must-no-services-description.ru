#+ summary: The plan has no description of the health services the ICB proposes to arrange, and no claim for it.
#+ expect: jfpreq:services-described
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

# Remove the plan's claims for the requirement, their evidence and the sections they point at: every triple
# with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim .
  ?claim jfp:addressesRequirement jfpreq:services-described .
  { ?claim jfp:hasEvidence? ?x } UNION { ?claim jfp:addressedBy ?x . ?x a jfp:PlanSection }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
