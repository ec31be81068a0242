#+ base: plans/QRL-2024.ttl
#+ summary: The plan has no publication date and no web page.
#+ expect: jfpreq:published

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE WHERE {
  <plan/QRL/2024> dcterms:issued ?issued ;
      foaf:page ?page .
}
