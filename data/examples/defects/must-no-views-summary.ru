#+ base: plans/QRL-2024.ttl
#+ summary: The plan has no summary of the views expressed in consultation, and no claim for one.
#+ expect: jfpreq:views-summary

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

# Remove these resources: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  VALUES ?x {
    <plan/QRL/2024/views-summary>
    <plan/QRL/2024/view/1>
    <plan/QRL/2024/view/2>
    <plan/QRL/2024/view/3>
    <plan/QRL/2024/view/4>
    <plan/QRL/2024/claim/views-summary>
    <plan/QRL/2024/claim/views-summary/evidence>
  }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
