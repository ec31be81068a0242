"""The project's IRI bases and the one prefix table, as plain strings.

``jfp_graph.namespaces`` wraps them as rdflib namespaces; modules on the path of every ``load`` use these
strings instead, so that loading never imports rdflib (about 0.1 s of each process's start-up).
"""

BASE = "https://w3id.org/jfp-graph/"
DEF = BASE + "def#"  # ontology terms
VALIDATION = BASE + "def/validation#"  # facts the validator derives before running the shapes
ID = BASE + "id/"  # instance data
REQUIREMENT = BASE + "id/requirement/"  # statutory requirements
GRAPH = BASE + "graph/"  # named graphs
SHAPES = BASE + "shapes#"  # SHACL shapes
LEGISLATION = "http://www.legislation.gov.uk/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = RDF + "type"

# Every prefix the project writes or reads: Turtle and TriG output, SPARQL prologues, compact IRIs
# (``jfpid:plan/QRL/2024``) in the command line and on the pages.
PREFIXES: dict[str, str] = {
    "jfp": DEF,
    "jfpv": VALIDATION,
    "jfpid": ID,
    "jfpreq": REQUIREMENT,
    "jfpg": GRAPH,
    "jfpsh": SHAPES,
    "legislation": LEGISLATION,
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "time": "http://www.w3.org/2006/time#",
    "foaf": FOAF,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}


def sparql_prologue(names: tuple[str, ...] | None = None) -> str:
    """``PREFIX`` lines for ``names`` (all prefixes when not given)."""
    chosen = PREFIXES if names is None else {name: PREFIXES[name] for name in names}
    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in chosen.items())


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(iri: str) -> str:
    """``jfpid:plan/QRL/2024`` for an IRI under a known namespace; the IRI itself otherwise."""
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
