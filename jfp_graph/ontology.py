"""The jfp ontology as a whole: loading its modules, QA checks, HermiT reasoning and HTML documentation.

The modules in ``ontology/*.ttl`` are merged directly (``jfp.ttl`` imports them by IRI, but those IRIs are not
fetched). QA checks are the SPARQL SELECT queries in ``queries/qa/*.rq``; each returns ``?term ?problem`` and
optionally ``?value`` and declares its severity in a grlc-style ``#+ severity:`` header line.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from jfp_graph.namespaces import JFP, JFPID, PREFIXES
from jfp_graph.paths import ONTOLOGY_DIR, QUERIES_DIR, TEMPLATES_DIR
from jfp_graph.queries import parse_header
from jfp_graph.rdfio import InputError

ONTOLOGY_IRI = URIRef("https://w3id.org/jfp-graph/def")
QA_DIR = QUERIES_DIR / "qa"
SEVERITIES = ("error", "warning")
DOCS_TEMPLATE = "ontology.html.j2"


class OntologyError(Exception):
    """The ontology, a QA query or the documentation template could not be used as given."""


class ReasonerError(OntologyError):
    """HermiT (or owlready2 around it) failed to run; this says nothing about consistency."""


@dataclass(frozen=True)
class QAFinding:
    check: str  # file stem of the QA query, e.g. "missing-label"
    severity: str  # "error" or "warning", from the query's header
    term: str  # IRI of the offending term
    problem: str
    value: str | None = None


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)  # IRIs of classes inferred equivalent to owl:Nothing
    explanation: str = ""  # why the ontology is inconsistent, when it is
    violated_disjointness: list[tuple[str, ...]] = field(default_factory=list)  # classes of each violated axiom

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        if not self.consistent:
            return f"HermiT: inconsistent. {self.explanation}".rstrip()
        if self.unsatisfiable:
            return f"HermiT: consistent, {len(self.unsatisfiable)} unsatisfiable class(es): " + ", ".join(
                self.unsatisfiable
            )
        return "HermiT: consistent, no unsatisfiable classes"


# ---------------------------------------------------------------------------------------------------------------
# Loading


def load_ontology_graph(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Merge every ``*.ttl`` module of the ontology into one graph (owl:imports are not followed)."""
    files = sorted(Path(directory).glob("*.ttl"))
    if not files:
        raise OntologyError(f"no ontology modules (*.ttl) found in {directory}")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several unrelated types for bad Turtle
            raise InputError(str(path), f"cannot parse ontology module: {error}") from None
    return graph


# ---------------------------------------------------------------------------------------------------------------
# QA checks


@dataclass(frozen=True)
class QACheck:
    name: str
    severity: str
    summary: str
    text: str


def load_qa_checks(directory: Path = QA_DIR) -> list[QACheck]:
    """The QA queries in ``directory``, sorted by name, with their severity from the ``#+`` header."""
    paths = sorted(Path(directory).glob("*.rq"))
    if not paths:
        raise OntologyError(f"no QA queries (*.rq) found in {directory}")
    checks = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            header = parse_header(text)
        except Exception as error:  # a YAML error in the header
            raise OntologyError(f"{path}: unreadable '#+' header: {error}") from None
        severity = str(header.get("severity", "")).strip().lower()
        if severity not in SEVERITIES:
            raise OntologyError(f"{path}: header must say '#+ severity: error' or '#+ severity: warning'")
        checks.append(QACheck(path.stem, severity, str(header.get("summary", "")), text))
    return checks


def run_qa_checks(graph: Graph, directory: Path = QA_DIR) -> list[QAFinding]:
    """Run every QA query against ``graph``; one finding per result row, ordered by check then term."""
    findings: list[QAFinding] = []
    for check in load_qa_checks(directory):
        try:
            result = graph.query(check.text)
        except Exception as error:
            raise OntologyError(f"QA query {check.name} failed: {error}") from None
        names = [str(v) for v in (result.vars or [])]
        if "term" not in names or "problem" not in names:
            raise OntologyError(f"QA query {check.name} must select ?term and ?problem")
        for row in result:
            values = dict(zip(names, row))
            value = values.get("value")
            findings.append(
                QAFinding(
                    check=check.name,
                    severity=check.severity,
                    term=str(values["term"]),
                    problem=str(values["problem"]),
                    value=None if value is None else str(value),
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------------------------
# Reasoning

_DATE = re.compile(r"^(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")


def check_reasoner(graph: Graph) -> ReasonerResult:
    """Classify ``graph`` with HermiT (via owlready2) and report consistency and unsatisfiable classes.

    HermiT is given a copy in RDF/XML (owlready2 silently loads nothing from Turtle) in which owl:imports are
    dropped and ``xsd:date`` (outside the OWL 2 datatype map, which HermiT rejects) is rewritten to
    ``xsd:dateTime`` in literals and datatype references alike, so date ranges are still checked. When the
    ontology is inconsistent, each disjointness axiom is tried on its own to name the ones that are violated.
    """
    prepared = _reasoner_input(graph)
    consistent, unsatisfiable = _run_hermit(prepared)
    if consistent:
        return ReasonerResult(True, unsatisfiable)
    explanation, violated = _explain_inconsistency(prepared)
    return ReasonerResult(False, [], explanation, violated)


def _reasoner_input(graph: Graph) -> Graph:
    prepared = Graph()
    for s, p, o in graph:
        if p == OWL.imports:
            continue  # already merged; owlready2 would try to download them
        if isinstance(o, Literal) and o.datatype == XSD.date:
            o = _date_to_datetime(o)
        elif o == XSD.date:
            o = XSD.dateTime
        prepared.add((s, p, o))
    return prepared


def _date_to_datetime(literal: Literal) -> Literal:
    match = _DATE.match(str(literal))
    if match is None:
        return Literal(str(literal))  # not a valid date: HermiT sees a plain string (and may then find a clash)
    return Literal(f"{match.group(1)}T00:00:00{match.group(2) or ''}", datatype=XSD.dateTime)


def _run_hermit(graph: Graph) -> tuple[bool, list[str]]:
    import owlready2  # imported here: it starts a quadstore and is only needed for reasoning

    with tempfile.TemporaryDirectory(prefix="jfp-reasoner-") as tmp:
        path = Path(tmp) / "ontology.owl"
        graph.serialize(destination=path, format="xml")
        world = owlready2.World()
        try:
            try:
                world.get_ontology(path.as_uri()).load()
            except Exception as error:
                raise ReasonerError(f"owlready2 could not load the ontology: {error}") from None
            try:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
                )
            except owlready2.OwlReadyInconsistentOntologyError:
                return False, []
            except owlready2.OwlReadyJavaError as error:
                raise ReasonerError(f"HermiT failed: {_first_line(str(error))}") from None
            except FileNotFoundError as error:
                raise ReasonerError(f"cannot start Java for HermiT: {error}") from None
            nothing = str(OWL.Nothing)
            unsatisfiable = sorted({c.iri for c in world.inconsistent_classes()} - {nothing})
            return True, unsatisfiable
        finally:
            world.close()


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    useful = [line for line in lines if "Exception" in line or "Error" in line]
    return (useful or lines or ["(no message)"])[0]


@dataclass
class _Disjointness:
    classes: tuple[URIRef | BNode, ...]
    triples: list[tuple]


def _disjointness_axioms(graph: Graph) -> list[_Disjointness]:
    axioms = []
    for a, b in graph.subject_objects(OWL.disjointWith):
        axioms.append(_Disjointness((a, b), [(a, OWL.disjointWith, b)]))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(node, OWL.members)
        triples = list(graph.triples((node, None, None)))
        classes: tuple = ()
        if members is not None:
            collection = Collection(graph, members)
            classes = tuple(collection)
            cell = members
            while cell is not None and cell != RDF.nil:
                triples.extend(graph.triples((cell, None, None)))
                cell = graph.value(cell, RDF.rest)
        axioms.append(_Disjointness(classes, triples))
    return axioms


def _explain_inconsistency(graph: Graph) -> tuple[str, list[tuple[str, ...]]]:
    axioms = _disjointness_axioms(graph)
    base = Graph()
    all_axiom_triples = {t for axiom in axioms for t in axiom.triples}
    for triple in graph:
        if triple not in all_axiom_triples:
            base.add(triple)
    if not axioms or not _run_hermit(base)[0]:
        clashes = _functional_clashes(graph)
        detail = f" Functional properties with more than one value: {'; '.join(clashes)}." if clashes else ""
        return (
            f"The ontology is inconsistent even without its {len(axioms)} disjointness axiom(s); look at "
            f"functional properties, owl:oneOf, owl:hasValue and datatype ranges.{detail}",
            [],
        )
    violated: list[tuple[str, ...]] = []
    messages = []
    for axiom in axioms:
        trial = Graph()
        for triple in base:
            trial.add(triple)
        for triple in axiom.triples:
            trial.add(triple)
        if _run_hermit(trial)[0]:
            continue
        witnesses = _witnesses(graph, axiom.classes)
        if not witnesses:
            violated.append(tuple(str(c) for c in axiom.classes))
            shown = ", ".join(_short(graph, c) for c in axiom.classes) or "(unreadable member list)"
            messages.append(
                f"the disjointness of {shown} is violated, but no individual is asserted in two of them: "
                "a class or property axiom (e.g. a domain or range) forces the overlap"
            )
            continue
        for individual, shared in witnesses:
            pair = tuple(str(c) for c in shared)
            if pair not in violated:
                violated.append(pair)
            messages.append(
                f"{' and '.join(_short(graph, c) for c in shared)} are disjoint, but {_short(graph, individual)} "
                "is typed (directly, by subclass, or by a property's domain or range) as both"
            )
    if not messages:
        return (
            "The ontology is inconsistent only when its disjointness axioms are combined; no single one fails.",
            [],
        )
    return "Violated disjointness: " + "; ".join(messages) + ".", violated


def _types_closure(graph: Graph, individual) -> set:
    """Classes an individual belongs to by assertion, rdfs:domain/range of its properties, and rdfs:subClassOf."""
    types = set(graph.objects(individual, RDF.type))
    for p in set(graph.predicates(individual, None)):
        types.update(d for d in graph.objects(p, RDFS.domain) if isinstance(d, URIRef))
    for p in set(graph.predicates(None, individual)):
        types.update(r for r in graph.objects(p, RDFS.range) if isinstance(r, URIRef))
    closed = set()
    todo = list(types)
    while todo:
        cls = todo.pop()
        if cls in closed:
            continue
        closed.add(cls)
        todo.extend(graph.objects(cls, RDFS.subClassOf))
    return closed


def _witnesses(graph: Graph, classes: tuple) -> list[tuple]:
    members = set(classes)
    found = []
    candidates = set(graph.subjects(RDF.type, None)) - {
        s for s in graph.subjects(RDF.type, OWL.Class)
    } - {s for s in graph.subjects(RDF.type, OWL.AllDisjointClasses)}
    for individual in sorted(candidates, key=str):
        shared = sorted((c for c in _types_closure(graph, individual) if c in members), key=str)
        if len(shared) >= 2:
            found.append((individual, tuple(shared)))
    return found


def _functional_clashes(graph: Graph) -> list[str]:
    clashes = []
    for prop in sorted(set(graph.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        for subject in sorted(set(graph.subjects(prop, None)), key=str):
            values = set(graph.objects(subject, prop))
            if len(values) > 1:
                clashes.append(f"{_short(graph, subject)} {_short(graph, prop)} has {len(values)} values")
    return clashes


def _short(graph: Graph, node) -> str:
    """A display name: prefix:rest for the project's prefixes (not always a valid CURIE), else <IRI>."""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in _PREFIXES_LONGEST_FIRST:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    return str(node)


_PREFIXES_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


# ---------------------------------------------------------------------------------------------------------------
# Documentation


@dataclass
class _Term:
    iri: str
    anchor: str
    curie: str
    label: str
    definition: str
    sources: list
    examples: list
    notes: list
    rows: list  # (heading, Markup) pairs: superclasses, domain, range, ...


def write_docs(graph: Graph, out_dir: Path) -> Path:
    """Write the ontology's documentation as one HTML page, ``out_dir/index.html``; returns its path."""
    out_dir = Path(out_dir)
    try:
        env = Environment(
            loader=FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=select_autoescape(["html", "j2"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        template = env.get_template(DOCS_TEMPLATE)
    except Exception as error:
        raise OntologyError(f"cannot load documentation template {TEMPLATES_DIR / DOCS_TEMPLATE}: {error}") from None
    html = template.render(**_docs_context(graph))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "index.html"
        path.write_text(html, encoding="utf-8")
    except OSError as error:
        raise OntologyError(f"cannot write documentation to {out_dir}: {error}") from None
    return path


def _docs_context(graph: Graph) -> dict:
    ns = str(JFP)
    mine = lambda node: isinstance(node, URIRef) and str(node).startswith(ns)  # noqa: E731

    def terms_of_type(rdf_type) -> list:
        return sorted((s for s in set(graph.subjects(RDF.type, rdf_type)) if mine(s)), key=lambda s: str(s).lower())

    classes = [_describe(graph, c, _class_rows(graph, c)) for c in terms_of_type(OWL.Class)]
    object_props = [_describe(graph, p, _property_rows(graph, p)) for p in terms_of_type(OWL.ObjectProperty)]
    datatype_props = [_describe(graph, p, _property_rows(graph, p)) for p in terms_of_type(OWL.DatatypeProperty)]
    annotation_props = [_describe(graph, p, _property_rows(graph, p)) for p in terms_of_type(OWL.AnnotationProperty)]
    schemes = []
    in_a_scheme = set()
    for scheme in terms_of_type(SKOS.ConceptScheme):
        concepts = sorted((c for c in graph.subjects(SKOS.inScheme, scheme) if mine(c)), key=str)
        in_a_scheme.update(concepts)
        schemes.append(
            {"term": _describe(graph, scheme, []), "concepts": [_describe(graph, c, _concept_rows(graph, c)) for c in concepts]}
        )
    skip = in_a_scheme | set(terms_of_type(SKOS.ConceptScheme)) | set(terms_of_type(OWL.Class))
    individuals = [
        _describe(graph, i, _individual_rows(graph, i)) for i in terms_of_type(OWL.NamedIndividual) if i not in skip
    ]
    modules = []
    for module in sorted(set(graph.objects(ONTOLOGY_IRI, OWL.imports)), key=str):
        modules.append(
            {
                "iri": str(module),
                "title": _text(graph, module, DCTERMS.title) or str(module),
                "description": _text(graph, module, DCTERMS.description),
            }
        )
    sources = []
    for source in sorted(_cited_sources(graph), key=str):
        sources.append(
            {
                "iri": str(source),
                "anchor": _source_anchor(source),
                "title": _text(graph, source, DCTERMS.title) or _text(graph, source, RDFS.label) or str(source),
                "part_of": _text(graph, graph.value(source, DCTERMS.isPartOf), DCTERMS.title)
                if graph.value(source, DCTERMS.isPartOf) is not None
                else "",
                "issued": str(graph.value(source, DCTERMS.issued) or ""),
                "identifier": str(graph.value(source, DCTERMS.identifier) or ""),
                "notes": [str(n) for n in graph.objects(source, SKOS.note)],
            }
        )
    return {
        "ontology": {
            "iri": str(ONTOLOGY_IRI),
            "title": _text(graph, ONTOLOGY_IRI, DCTERMS.title) or "jfp-graph ontology",
            "description": _text(graph, ONTOLOGY_IRI, DCTERMS.description),
            "version": str(graph.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
            "version_iri": str(graph.value(ONTOLOGY_IRI, OWL.versionIRI) or ""),
            "licence": str(graph.value(ONTOLOGY_IRI, DCTERMS.license) or ""),
            "namespace": ns,
        },
        "prefixes": sorted(PREFIXES.items()),
        "modules": modules,
        "classes": classes,
        "object_properties": object_props,
        "datatype_properties": datatype_props,
        "annotation_properties": annotation_props,
        "schemes": schemes,
        "individuals": individuals,
        "sources": sources,
    }


def _describe(graph: Graph, term: URIRef, rows: list) -> _Term:
    label = _text(graph, term, RDFS.label) or _text(graph, term, SKOS.prefLabel) or _local(term)
    sources = [{"text": _source_text(graph, s), "href": _href(s)} for s in sorted(graph.objects(term, DCTERMS.source), key=str)]
    notes = [str(n) for p in (SKOS.scopeNote, SKOS.note, RDFS.comment) for n in graph.objects(term, p)]
    return _Term(
        iri=str(term),
        anchor=_local(term),
        curie=_short(graph, term),
        label=label,
        definition=_text(graph, term, SKOS.definition),
        sources=sources,
        examples=sorted(str(e) for e in graph.objects(term, SKOS.example)),
        notes=notes,
        rows=rows,
    )


def _class_rows(graph: Graph, cls: URIRef) -> list:
    rows = []
    supers = [s for s in graph.objects(cls, RDFS.subClassOf)]
    if supers:
        rows.append(("Subclass of", _join(graph, supers)))
    subs = sorted(graph.subjects(RDFS.subClassOf, cls), key=str)
    if subs:
        rows.append(("Superclass of", _join(graph, subs)))
    equivalents = list(graph.objects(cls, OWL.equivalentClass))
    if equivalents:
        rows.append(("Equivalent to", _join(graph, equivalents)))
    disjoint = set(graph.objects(cls, OWL.disjointWith)) | set(graph.subjects(OWL.disjointWith, cls))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(node, OWL.members)
        if members is not None:
            listed = list(Collection(graph, members))
            if cls in listed:
                disjoint.update(m for m in listed if m != cls)
    if disjoint:
        rows.append(("Disjoint with", _join(graph, sorted(disjoint, key=str))))
    used_as_domain = sorted((p for p in graph.subjects(RDFS.domain, cls)), key=str)
    if used_as_domain:
        rows.append(("In domain of", _join(graph, used_as_domain)))
    used_as_range = sorted((p for p in graph.subjects(RDFS.range, cls)), key=str)
    if used_as_range:
        rows.append(("In range of", _join(graph, used_as_range)))
    return rows


def _property_rows(graph: Graph, prop: URIRef) -> list:
    rows = []
    kinds = [
        _local(t) for t in graph.objects(prop, RDF.type) if t in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty)
    ]
    if kinds:
        rows.append(("Characteristics", Markup(escape(", ".join(sorted(kinds))))))
    for heading, predicate in (("Subproperty of", RDFS.subPropertyOf), ("Domain", RDFS.domain), ("Range", RDFS.range)):
        values = list(graph.objects(prop, predicate))
        if values:
            rows.append((heading, _join(graph, values)))
    return rows


def _concept_rows(graph: Graph, concept: URIRef) -> list:
    rows = []
    broader = list(graph.objects(concept, SKOS.broader))
    if broader:
        rows.append(("Broader", _join(graph, broader)))
    severity = list(graph.objects(concept, JFP.shaclSeverity))
    if severity:
        rows.append(("SHACL severity", _join(graph, severity)))
    return rows


def _individual_rows(graph: Graph, individual: URIRef) -> list:
    types = [t for t in graph.objects(individual, RDF.type) if t != OWL.NamedIndividual]
    return [("Type", _join(graph, types))] if types else []


def _join(graph: Graph, nodes: Iterable) -> Markup:
    return Markup(", ").join(_expression(graph, n) for n in nodes)


def _expression(graph: Graph, node) -> Markup:
    """A class expression or term as HTML: named terms link to their anchor or IRI."""
    if isinstance(node, URIRef):
        return _link(graph, node)
    if isinstance(node, Literal):
        return Markup("<code>{}</code>").format(str(node))
    for operator, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = graph.value(node, operator)
        if members is not None:
            return Markup("(") + Markup(word).join(_expression(graph, m) for m in Collection(graph, members)) + Markup(")")
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        return Markup("{") + Markup(", ").join(_expression(graph, m) for m in Collection(graph, one_of)) + Markup("}")
    on_property = graph.value(node, OWL.onProperty)
    if on_property is not None:
        for predicate, word in (
            (OWL.hasValue, "value"),
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
        ):
            filler = graph.value(node, predicate)
            if filler is not None:
                return Markup("({} {} {})").format(_link(graph, on_property), word, _expression(graph, filler))
    return Markup("<em>anonymous class</em>")


def _link(graph: Graph, node: URIRef) -> Markup:
    text = _short(graph, node)
    href = _href(node) if not str(node).startswith(str(JFP)) else "#" + _local(node)
    return Markup('<a href="{}"><code>{}</code></a>').format(href, text)


def _href(node) -> str:
    if str(node).startswith(str(JFPID)):
        return "#" + _source_anchor(node)  # project IRIs are not resolvable: link to the Sources section
    if str(node).startswith(str(JFP)):
        return "#" + _local(node)
    return str(node)


def _cited_sources(graph: Graph) -> set:
    """Project individuals the ontology cites or names (guidance, sources, NHS England, DHSC)."""
    cited = {s for s in graph.objects(None, DCTERMS.source) if isinstance(s, URIRef) and str(s).startswith(str(JFPID))}
    cited.update(s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(JFPID)))
    cited.update(p for s in list(cited) for p in graph.objects(s, DCTERMS.isPartOf))
    return cited


def _source_text(graph: Graph, source) -> str:
    title = _text(graph, source, DCTERMS.title)
    if title:
        return title
    if isinstance(source, URIRef) and "legislation.gov.uk/id/" in str(source):
        return _legislation_text(str(source))
    return str(source)


_ACTS = {
    "ukpga/2006/41": "NHS Act 2006",
    "ukpga/2007/28": "LGPIHA 2007",
    "ukpga/2010/15": "Equality Act 2010",
    "ukpga/2008/27": "Climate Change Act 2008",
    "ukpga/2021/30": "Environment Act 2021",
    "ukpga/2021/17": "Domestic Abuse Act 2021",
    "ukpga/2022/31": "Health and Care Act 2022",
}


def _legislation_text(iri: str) -> str:
    path = iri.split("legislation.gov.uk/id/", 1)[1]
    parts = path.split("/")
    act = _ACTS.get("/".join(parts[:3]), "/".join(parts[:3]))
    if len(parts) >= 5 and parts[3] == "section":
        section = parts[4] + "".join(f"({p})" for p in parts[5:])
        return f"{act} s.{section}"
    return act


def _source_anchor(node) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9._-]+", "-", str(node)[len(str(JFPID)) :]).strip("-")


def _local(node) -> str:
    text = str(node)
    for separator in ("#", "/"):
        if separator in text:
            text = text.rsplit(separator, 1)[1] or text
    return text


def _text(graph: Graph, node, predicate) -> str:
    """A literal value, preferring English."""
    if node is None:
        return ""
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    if not values:
        return ""
    values.sort(key=lambda v: (not (v.language or "").startswith("en"), str(v)))
    return str(values[0])


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
