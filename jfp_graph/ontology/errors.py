"""What can go wrong when the ontology tools run."""


class OntologyError(Exception):
    """The ontology, a QA query or the documentation template could not be used as given."""


class ReasonerError(OntologyError):
    """HermiT (or owlready2 around it) failed to run; this says nothing about consistency."""
