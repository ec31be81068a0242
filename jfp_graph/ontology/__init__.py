"""The jfp ontology as a whole: loading its modules, QA checks, HermiT reasoning and HTML documentation.

The modules in ``ontology/*.ttl`` are merged directly (``jfp.ttl`` imports them by IRI, but those IRIs are not
fetched): ``graph``. QA checks are the SPARQL queries in ``queries/qa/*.rq``: ``qa``. HermiT runs through
owlready2, with an explanation of any inconsistency: ``reasoning``. The documentation page: ``docs``.
"""

from jfp_graph.ontology.docs import write_docs
from jfp_graph.ontology.errors import OntologyError, ReasonerError
from jfp_graph.ontology.graph import ONTOLOGY_IRI, load_ontology_graph
from jfp_graph.ontology.qa import QAFinding, load_qa_checks, run_qa_checks
from jfp_graph.ontology.reasoning import ReasonerResult, check_reasoner

__all__ = [
    "ONTOLOGY_IRI",
    "OntologyError",
    "QAFinding",
    "ReasonerError",
    "ReasonerResult",
    "check_reasoner",
    "load_ontology_graph",
    "load_qa_checks",
    "run_qa_checks",
    "write_docs",
]
