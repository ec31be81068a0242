"""The shapes graph: ``shapes/*.ttl`` enriched from the statute graph at load time.

Shape files say which requirement a shape enforces (``jfp:enforces``) and never choose a severity. The
loader looks up the requirement's modality and sets ``sh:severity`` from the modality's
``jfp:shaclSeverity`` on the shape and each of its property shapes, and copies the requirement's legal
basis, guidance section and fix hint onto the shape, so the shapes graph alone explains every result.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from jfp_graph.namespaces import JFP, JFPREQ
from jfp_graph.paths import SHAPES_DIR
from jfp_graph.rdfio import InputError, read_quads
from jfp_graph.store import EmbeddedStore
from jfp_graph.validation.model import Citation, Requirement, Severity
from jfp_graph.validation.terms import graph_from


class ShapesError(Exception):
    """The bundled shapes or statute graph are inconsistent: a configuration error, not the user's input."""


REQUIREMENTS_QUERY = """
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?req ?slug ?label ?modality ?severity ?group ?fix ?guidance ?guidance_label WHERE {
  ?req a jfp:StatutoryRequirement ; skos:notation ?slug ; skos:prefLabel ?label ; jfp:modality ?m .
  ?m skos:prefLabel ?modality .
  OPTIONAL { ?m jfp:shaclSeverity ?severity }
  OPTIONAL { ?req jfp:requirementGroup ?group }
  OPTIONAL { ?req jfp:fixHint ?fix }
  OPTIONAL { ?req jfp:guidanceSection ?guidance OPTIONAL { ?guidance dcterms:title ?guidance_label } }
}
"""

# The Act a section belongs to is the jfp:Act above it (subsections are parts of their section).
LEGAL_BASIS_QUERY = """
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?req ?section ?citation ?act ?number ?status WHERE {
  ?req a jfp:StatutoryRequirement ; jfp:legalBasis ?section .
  OPTIONAL { ?section dcterms:bibliographicCitation ?c }
  OPTIONAL { ?section rdfs:label ?l }
  BIND(COALESCE(?c, ?l, STR(?section)) AS ?citation)
  OPTIONAL { ?section jfp:sectionNumber ?number }
  OPTIONAL { ?section jfp:confirmationStatus/skos:prefLabel ?status }
  OPTIONAL {
    SELECT ?section (SAMPLE(?name) AS ?act) WHERE {
      ?section eli:is_part_of+ ?a . ?a a jfp:Act .
      OPTIONAL { ?a skos:altLabel ?alt } OPTIONAL { ?a dcterms:title ?t } OPTIONAL { ?a rdfs:label ?al }
      BIND(COALESCE(?alt, ?t, ?al) AS ?name)
    } GROUP BY ?section
  }
}
"""


def load_requirements(store: EmbeddedStore) -> dict[str, Requirement]:
    """Every requirement in the statute graph, keyed by IRI, in the statute's own order of slugs."""
    bases: dict[str, list[Citation]] = {}
    for row in store.select(LEGAL_BASIS_QUERY).rows:
        bases.setdefault(row["req"].value, []).append(
            Citation(
                row["section"].value,
                row["citation"].value,
                act=row["act"].value if row["act"] else "",
                section=row["number"].value if row["number"] else "",
                status=row["status"].value if row["status"] else "",
            )
        )
    requirements: dict[str, Requirement] = {}
    for row in store.select(REQUIREMENTS_QUERY).rows:
        iri = row["req"].value
        if row["severity"] is None:
            raise ShapesError(f"modality of {iri} has no jfp:shaclSeverity in the ontology")
        guidance = None
        if row["guidance"] is not None:
            label = row["guidance_label"].value if row["guidance_label"] else row["guidance"].value
            guidance = Citation(row["guidance"].value, label)
        requirements[iri] = Requirement(
            iri=iri,
            slug=row["slug"].value,
            label=row["label"].value,
            modality=row["modality"].value,
            severity=Severity.from_iri(row["severity"].value),
            group=row["group"].value.rsplit("#group-", 1)[-1] if row["group"] else "",
            legal_basis=tuple(sorted(bases.get(iri, []), key=lambda c: c.iri)),
            guidance=guidance,
            fix_hint=row["fix"].value if row["fix"] else "",
        )
    if not requirements:
        raise ShapesError("the statute graph defines no statutory requirements")
    return dict(sorted(requirements.items(), key=lambda kv: (-kv[1].severity, kv[1].slug)))


@dataclass
class ShapeSet:
    """The enriched shapes graph and, for every shape that can produce a result, its requirement."""

    graph: Graph
    requirement_of: dict[Node, Requirement]
    enforcing: dict[str, list[Node]]  # requirement IRI -> node shapes that enforce it
    files: list[Path]

    def requirement_for(self, shape: str) -> Requirement | None:
        """The requirement a named shape enforces."""
        return self.requirement_of.get(URIRef(shape))

    @cached_property
    def iris(self) -> frozenset[str]:
        """Every IRI the shapes graph mentions (classes a shape may test are among them)."""
        return frozenset(str(term) for triple in self.graph for term in triple if isinstance(term, URIRef))

    @cached_property
    def claim_checked(self) -> frozenset[str]:
        """Requirements checked from a claim: a shape of theirs targets the requirement node itself and asks
        for a claim that addresses it. The others are checked from the plan's structure."""
        return frozenset(
            requirement
            for requirement, targets in self.targets.items()
            if (str(SH.targetNode), requirement) in targets
        )

    @cached_property
    def targets(self) -> dict[str, list[tuple[str, str]]]:
        """Requirement IRI -> the (target kind, value) pairs of its shapes, as IRIs."""
        return {
            requirement: [(str(kind), str(value)) for node in nodes for kind, value in targets_of(self.graph, node)]
            for requirement, nodes in self.enforcing.items()
        }


def shape_files(directory: Path = SHAPES_DIR) -> list[Path]:
    return sorted(directory.glob("*.ttl"))


def load_shapes(requirements: dict[str, Requirement], directory: Path = SHAPES_DIR) -> ShapeSet:
    files = shape_files(directory)
    if not files:
        raise ShapesError(f"no shape files in {directory}")
    graph = Graph()
    for path in files:
        try:
            graph_from(read_quads(path), graph)
        except InputError as error:
            raise ShapesError(f"bundled shapes cannot be read: {error}") from None
    for prefix, ns in (("jfp", JFP), ("jfpreq", JFPREQ), ("sh", SH)):
        graph.bind(prefix, ns)

    hand_written = sorted(str(s) for s in graph.subjects(SH.severity, None))
    if hand_written:
        raise ShapesError("shape files must not set sh:severity (it follows modality): " + ", ".join(hand_written))

    requirement_of: dict[Node, Requirement] = {}
    enforcing: dict[str, list[Node]] = {}
    for shape, req_iri in sorted(graph.subject_objects(JFP.enforces)):
        requirement = requirements.get(str(req_iri))
        if requirement is None:
            raise ShapesError(f"shape {shape} enforces {req_iri}, which is not in the statute graph")
        enforcing.setdefault(requirement.iri, []).append(shape)
        _enrich(graph, shape, requirement)
        requirement_of[shape] = requirement
        for prop in graph.objects(shape, SH.property):
            if prop in requirement_of and requirement_of[prop] is not requirement:
                raise ShapesError(f"property shape {prop} is shared by shapes enforcing different requirements")
            graph.add((prop, SH.severity, URIRef(requirement.severity.iri)))
            requirement_of[prop] = requirement
    return ShapeSet(graph, requirement_of, enforcing, files)


def _enrich(graph: Graph, shape: Node, requirement: Requirement) -> None:
    graph.add((shape, SH.severity, URIRef(requirement.severity.iri)))
    for citation in requirement.legal_basis:
        graph.add((shape, JFP.legalBasis, URIRef(citation.iri)))
    if requirement.guidance:
        graph.add((shape, JFP.guidanceSection, URIRef(requirement.guidance.iri)))
    if requirement.fix_hint:
        graph.add((shape, JFP.fixHint, Literal(requirement.fix_hint, lang="en-GB")))


def targets_of(graph: Graph, shape: Node) -> list[tuple[Node, Node]]:
    """(target predicate, value) pairs declared on a shape, for deciding whether it applied to a plan."""
    kinds = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
    found = [(kind, value) for kind in kinds for value in graph.objects(shape, kind)]
    if (shape, RDF.type, SH.NodeShape) in graph and not found and isinstance(shape, URIRef):
        # An implicit class target: a shape that is also an rdfs:Class.
        if (shape, RDF.type, RDFS.Class) in graph:
            found.append((SH.targetClass, shape))
    return found
