#+ base: plans/QNQ-2024.ttl
#+ summary: The draft plan was not shared with the Surrey Health and Wellbeing Board, a relevant board although most of Surrey lies in another ICB.
#+ expect: jfpreq:hwb-draft-shared

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

# Remove these resources: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  VALUES ?x {
    <plan/QNQ/2024/draft-sharing/E10000030>
  }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
