#+ summary: The plan has no publication date and no web page.
#+ expect: jfpreq:published
#+ base: plans/QRL-2024.ttl
#+ params:
#+   - plan_iri: The plan edition to change.
#+ defaults:
#+   - plan_iri: https://w3id.org/jfp-graph/id/plan/QRL/2024

PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>

DELETE WHERE {
  ?_plan_iri dcterms:issued ?issued ;
             foaf:page ?page .
}
