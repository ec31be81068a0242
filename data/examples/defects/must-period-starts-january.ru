#+ base: plans/QRL-2024.ttl
#+ summary: The plan period starts on 1 January 2024 instead of at the start of the financial year, so it is not the five financial years 2024/25 to 2028/29.
#+ expect: jfpreq:five-year-period

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE { ?plan jfp:periodStart ?old }
INSERT { ?plan jfp:periodStart "2024-01-01"^^xsd:date }
WHERE {
  BIND(<plan/QRL/2024> AS ?plan)
  ?plan jfp:periodStart ?old .
}
