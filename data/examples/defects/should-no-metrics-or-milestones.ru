#+ base: plans/QRL-2024.ttl
#+ summary: Objectives have no metrics, trajectories or milestones: the plan is not delivery focused.
#+ expect: jfpreq:delivery-focused

PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>

DELETE { ?s ?p ?o }
WHERE {
  VALUES ?class { jfp:Metric jfp:Milestone jfp:Trajectory jfp:TrajectoryPoint }
  ?x a ?class .
  { ?x ?p ?o . BIND(?x AS ?s) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
}
