"""Every format the project reads or writes, once: its name, media types, file suffixes, parser and kind.

The loader and the validator read files by suffix, the web API reads uploads by ``Content-Type`` and answers by
``?format=`` and ``Accept``: each of those tables is built from ``FORMATS``. Only pyoxigraph is imported, so the
loader's path stays quick to start.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

# What a format holds.
GRAPH = "graph"  # RDF triples
DATASET = "dataset"  # RDF quads, in named graphs
RESULTS = "results"  # SPARQL query results, or any table of RDF terms
REPORT = "report"  # a validation report
PAGE = "page"  # what the site shows people, and the same content as JSON for programs
AUTHORING = "authoring"  # plans as people write them (YAML), converted to RDF when read


@dataclass(frozen=True)
class MediaFormat:
    name: str  # unique: the key of every table built on this one
    kind: str
    media_types: tuple[str, ...]  # the first is sent; each names this format in Accept and Content-Type
    suffixes: tuple[str, ...] = ()  # file suffixes read as this format, the usual one first
    rdf: ox.RdfFormat | None = None  # pyoxigraph's parser and serialiser, for RDF
    aliases: tuple[str, ...] = ()  # more words for ?format=, and media types that select it in Accept only
    charset: bool = False  # say "charset=utf-8" (always said for text/*)
    word: str | None = None  # what clients write in ?format=, when not the name

    @property
    def says(self) -> str:
        """The word that names this format in ``?format=`` and in messages."""
        return self.word or self.name

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` of an answer in this format."""
        if self.charset or self.media_type.startswith("text/"):
            return self.media_type + "; charset=utf-8"
        return self.media_type

    def named_by(self, word: str) -> bool:
        """Whether ``?format=word`` (or an address suffix) asks for this format."""
        return word == self.says or word in self.aliases

    def selected_by(self, media_type: str) -> bool:
        """Whether an ``Accept`` media range names this format."""
        return media_type in self.media_types or media_type in self.aliases


FORMATS: tuple[MediaFormat, ...] = (
    # Turtle is N3's subset for plain triples: asked for N3, a graph is answered in Turtle.
    MediaFormat("ttl", GRAPH, ("text/turtle", "application/x-turtle"), (".ttl", ".turtle"), ox.RdfFormat.TURTLE,
                aliases=("turtle", "n3", "text/n3", "text/rdf+n3", "application/n3", "application/turtle")),
    MediaFormat("trig", DATASET, ("application/trig",), (".trig",), ox.RdfFormat.TRIG),
    # text/plain is what some clients ask for N-Triples by; it never names an upload's format.
    MediaFormat("nt", GRAPH, ("application/n-triples",), (".nt",), ox.RdfFormat.N_TRIPLES,
                aliases=("ntriples", "text/plain")),
    MediaFormat("nq", DATASET, ("application/n-quads",), (".nq",), ox.RdfFormat.N_QUADS),
    MediaFormat("jsonld", GRAPH, ("application/ld+json",), (".jsonld", ".json"), ox.RdfFormat.JSON_LD,
                aliases=("json-ld", "application/x-json+ld"), charset=True),
    # "xml" for a graph is RDF/XML (SPARQLWrapper's default format for CONSTRUCT), as it is results XML for rows.
    MediaFormat("rdf", GRAPH, ("application/rdf+xml",), (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML,
                aliases=("rdfxml", "rdf+xml", "xml", "application/xml", "text/xml")),
    MediaFormat("yaml", AUTHORING, ("application/yaml", "application/x-yaml", "text/yaml"), (".yaml", ".yml")),
    MediaFormat("sparql-json", RESULTS, ("application/sparql-results+json",), aliases=("application/json",),
                charset=True, word="json"),
    MediaFormat("sparql-xml", RESULTS, ("application/sparql-results+xml",), aliases=("application/xml", "text/xml"),
                charset=True, word="xml"),
    MediaFormat("csv", RESULTS, ("text/csv",)),
    MediaFormat("tsv", RESULTS, ("text/tab-separated-values",)),
    MediaFormat("html", PAGE, ("text/html", "application/xhtml+xml")),
    # The pages' JSON twins, named-query rows and validation reports; a client that asks every address for
    # SPARQL results JSON gets them too.
    MediaFormat("json", PAGE, ("application/json",), aliases=("application/sparql-results+json",)),
    MediaFormat("sarif", REPORT, ("application/sarif+json",)),
)
BY_NAME: dict[str, MediaFormat] = {f.name: f for f in FORMATS}
# Formats a plan or strategy can be read from.
READABLE = tuple(f for f in FORMATS if f.rdf is not None or f.kind == AUTHORING)


def formats(*names: str) -> tuple[MediaFormat, ...]:
    return tuple(BY_NAME[name] for name in names)


def rdf_by_suffix() -> dict[str, ox.RdfFormat]:
    """File suffix → pyoxigraph format, for every RDF format."""
    return {suffix: f.rdf for f in FORMATS if f.rdf is not None for suffix in f.suffixes}


def rdf_by_media_type() -> dict[str, ox.RdfFormat]:
    """``Content-Type`` → pyoxigraph format, for every RDF format."""
    return {media_type: f.rdf for f in FORMATS if f.rdf is not None for media_type in f.media_types}


def readable_by_suffix() -> dict[str, MediaFormat]:
    """File suffix → format, for every format a plan can be read from (RDF and the authoring format)."""
    return {suffix: f for f in READABLE for suffix in f.suffixes}


def suffix_by_media_type() -> dict[str, str]:
    """``Content-Type`` → the usual file suffix, for every format a plan can be read from."""
    return {media_type: f.suffixes[0] for f in READABLE for media_type in f.media_types}


JSON, HTML = BY_NAME["json"], BY_NAME["html"]
