"""The ontology's documentation: one HTML page of its modules, terms, concept schemes and cited sources."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from jfp_graph.namespaces import JFP, JFPID, PREFIXES
from jfp_graph.ontology.errors import OntologyError
from jfp_graph.ontology.graph import ONTOLOGY_IRI, display_name

TEMPLATE_DIR = Path(__file__).resolve().parent  # the template sits beside this module, inside the package
DOCS_TEMPLATE = "ontology.html.j2"


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
            loader=FileSystemLoader(str(TEMPLATE_DIR)),
            autoescape=select_autoescape(["html", "j2"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        template = env.get_template(DOCS_TEMPLATE)
    except Exception as error:
        raise OntologyError(f"cannot load documentation template {TEMPLATE_DIR / DOCS_TEMPLATE}: {error}") from None
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
    # Plan dates of a financial year are literals of a project datatype; ranges link to it.
    datatypes = [_describe(graph, d, []) for d in terms_of_type(RDFS.Datatype)]
    schemes = []
    in_a_scheme = set()
    for scheme in terms_of_type(SKOS.ConceptScheme):
        concepts = sorted((c for c in graph.subjects(SKOS.inScheme, scheme) if mine(c)), key=str)
        in_a_scheme.update(concepts)
        concept_terms = [_describe(graph, c, _concept_rows(graph, c)) for c in concepts]
        schemes.append({"term": _describe(graph, scheme, []), "concepts": concept_terms})
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
        "datatypes": datatypes,
        "annotation_properties": annotation_props,
        "schemes": schemes,
        "individuals": individuals,
        "sources": sources,
    }


def _describe(graph: Graph, term: URIRef, rows: list) -> _Term:
    label = _text(graph, term, RDFS.label) or _text(graph, term, SKOS.prefLabel) or _local(term)
    cited = sorted(graph.objects(term, DCTERMS.source), key=str)
    sources = [{"text": _source_text(graph, s), "href": _href(s)} for s in cited]
    notes = [str(n) for p in (SKOS.scopeNote, SKOS.note, RDFS.comment) for n in graph.objects(term, p)]
    return _Term(
        iri=str(term),
        anchor=_local(term),
        curie=display_name(term),
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
            joined = Markup(word).join(_expression(graph, m) for m in Collection(graph, members))
            return Markup("(") + joined + Markup(")")
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
    text = display_name(node)
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
