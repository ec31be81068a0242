"""The project's namespaces and the vocabularies it reuses."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from jfp_graph import iris
from jfp_graph.iris import BASE

JFP = Namespace(iris.DEF)  # ontology terms
JFPID = Namespace(iris.ID)  # instance data
JFPREQ = Namespace(iris.REQUIREMENT)  # statutory requirements
JFPG = Namespace(iris.GRAPH)  # named graphs
LEG = Namespace("http://www.legislation.gov.uk/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "jfp": str(JFP),
    "jfpid": str(JFPID),
    "jfpreq": str(JFPREQ),
    "jfpg": str(JFPG),
    "legislation": str(LEG),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "time": str(TIME),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}

__all__ = [
    "BASE", "JFP", "JFPID", "JFPREQ", "JFPG", "LEG", "ELI", "SH", "PREFIXES",
    "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD",
]
