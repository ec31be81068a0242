#+ summary: No steps for victims of abuse and no claim for the requirement (the staff-support step, no longer said to concern victims, and the section heading remain).
#+ expect: jfpreq:victims-of-abuse
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

# Remove the plan's claims for the requirement, their evidence and the steps they point at: every triple
# with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim .
  ?claim jfp:addressesRequirement jfpreq:victims-of-abuse .
  { ?claim jfp:hasEvidence? ?x } UNION { ?claim jfp:addressedBy ?x . ?x a jfp:Step }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
;
# No other step of the plan says it concerns victims of abuse.
DELETE { ?step jfp:concernsPopulation jfp:population-victims-of-abuse }
WHERE {
  ?_plan_iri jfp:hasObjective?/jfp:hasStep ?step .
  ?step jfp:concernsPopulation jfp:population-victims-of-abuse .
}
