#+ base: plans/QRL-2024.ttl
#+ summary: No step implements the Southampton joint local health and wellbeing strategy (or any of its priorities), and the per-strategy claim for it is gone.
#+ expect: jfpreq:jlhws-steps

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE { ?step jfp:implements ?target }
WHERE {
  ?step jfp:implements ?target .
  FILTER(STRSTARTS(STR(?target), "https://w3id.org/jfp-graph/id/jlhws/E06000045/"))
} ;
# Remove these resources: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  VALUES ?x {
    <plan/QRL/2024/claim/jlhws-steps/E06000045>
    <plan/QRL/2024/claim/jlhws-steps/E06000045/evidence>
  }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
