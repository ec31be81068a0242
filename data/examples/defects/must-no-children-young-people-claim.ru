#+ summary: The plan makes no claim to set out steps for the particular needs of children and young people, and no step says it concerns them (the steps themselves remain).
#+ expect: jfpreq:children-young-people
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>

# Remove the plan's claims for the requirement and their evidence: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim .
  ?claim jfp:addressesRequirement jfpreq:children-young-people ;
         jfp:hasEvidence? ?x .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
;
# No step of the plan says it concerns children and young people: a claim alone would not be enough anyway.
DELETE { ?step jfp:concernsPopulation jfp:population-children-young-people }
WHERE {
  ?_plan_iri jfp:hasObjective?/jfp:hasStep ?step .
  ?step jfp:concernsPopulation jfp:population-children-young-people .
}
