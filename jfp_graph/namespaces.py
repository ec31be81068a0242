"""The project's namespaces and the vocabularies it reuses."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from jfp_graph import iris
from jfp_graph.iris import BASE

JFP = Namespace(iris.DEF)  # ontology terms
JFPID = Namespace(iris.ID)  # instance data
JFPREQ = Namespace(iris.REQUIREMENT)  # statutory requirements
JFPG = Namespace(iris.GRAPH)  # named graphs
JFPV = Namespace(iris.VALIDATION)  # facts derived during validation
LEG = Namespace(iris.LEGISLATION)
ELI = Namespace(iris.PREFIXES["eli"])
SH = Namespace(iris.SH)

PREFIXES = iris.PREFIXES

__all__ = [
    "BASE", "JFP", "JFPID", "JFPREQ", "JFPG", "JFPV", "LEG", "ELI", "SH", "PREFIXES",
    "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD",
]
