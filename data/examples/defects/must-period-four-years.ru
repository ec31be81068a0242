#+ base: plans/QRL-2024.ttl
#+ summary: The plan period ends on 31 March 2028: four years instead of five.
#+ expect: jfpreq:five-year-period

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE { ?plan jfp:periodEnd ?old }
INSERT { ?plan jfp:periodEnd "2028-03-31"^^xsd:date }
WHERE {
  BIND(<plan/QRL/2024> AS ?plan)
  ?plan jfp:periodEnd ?old .
}
