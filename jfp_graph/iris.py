"""The project's IRI bases as plain strings.

``jfp_graph.namespaces`` wraps them as rdflib namespaces; modules on the path of every ``load`` use these
strings instead, so that loading never imports rdflib (about 0.1 s of each process's start-up).
"""

BASE = "https://w3id.org/jfp-graph/"
DEF = BASE + "def#"  # ontology terms
ID = BASE + "id/"  # instance data
REQUIREMENT = BASE + "id/requirement/"  # statutory requirements
GRAPH = BASE + "graph/"  # named graphs
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
