#+ base: plans/QRL-2024.ttl
#+ summary: The plan was prepared on 10 May 2024, after the start of its first financial year (1 April 2024).
#+ expect: jfpreq:prepared-before-year

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE { ?plan dcterms:created ?old }
INSERT { ?plan dcterms:created "2024-05-10"^^xsd:date }
WHERE {
  BIND(<plan/QRL/2024> AS ?plan)
  ?plan dcterms:created ?old .
}
