#+ base: plans/QRL-2024.ttl
#+ summary: Only two priority pathways (neurology and children and young people's mental health) instead of at least three.
#+ expect: jfpreq:priority-pathways

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

# Remove these resources: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  VALUES ?x {
    <plan/QRL/2024/pathway/cardiovascular>
  }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
