#+ summary: The research duty claim's evidence names its document by title instead of a web address.
#+ expect: jfpreq:evidence-resolves
#+ shape: jfpsh:evidence-document
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

# What the YAML context makes of "inDocument: <the plan's title>": a literal the shape can refuse.
DELETE { ?evidence jfp:inDocument ?document }
INSERT { ?evidence jfp:inDocument ?title }
WHERE {
  ?_plan_iri jfp:hasClaim ?claim ; dcterms:title ?name .
  ?claim jfp:addressesRequirement jfpreq:duty-research ; jfp:hasEvidence ?evidence .
  ?evidence jfp:inDocument ?document .
  BIND(STRDT(STR(?name), xsd:anyURI) AS ?title)
}
