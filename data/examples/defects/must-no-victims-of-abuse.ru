#+ base: plans/QRL-2024.ttl
#+ summary: No steps for victims of abuse and no claim for the requirement (the staff-support step and the section heading remain).
#+ expect: jfpreq:victims-of-abuse

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

# Remove these resources: every triple with one of them as subject or object.
DELETE { ?s ?p ?o }
WHERE {
  VALUES ?x {
    <plan/QRL/2024/claim/victims-of-abuse>
    <plan/QRL/2024/claim/victims-of-abuse/evidence>
    <plan/QRL/2024/step/7-1>
    <plan/QRL/2024/step/7-2>
  }
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
