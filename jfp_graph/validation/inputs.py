"""Reading the files given to ``validate``: RDF in any supported syntax, or the YAML authoring format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.iris import RDF_TYPE
from jfp_graph.loader import find_files
from jfp_graph.namespaces import JFP
from jfp_graph.rdfio import RDF_FORMATS, InputError, read_quads

YAML_SUFFIXES = (".yaml", ".yml")
PLAN_CLASS = str(JFP.JointForwardPlan)


@dataclass
class InputDocument:
    """One file's content: the plans it holds (each with its quads), or supporting context."""

    path: Path
    text: str
    quads: list[ox.Quad]

    def plans(self) -> list[tuple[str, list[ox.Quad]]]:
        """(plan IRI, that plan's quads). One plan per file, or one per named graph in a dataset."""
        plan_nodes = sorted(
            {
                q.subject.value
                for q in self.quads
                if q.predicate.value == RDF_TYPE
                and q.object.value == PLAN_CLASS
                and isinstance(q.subject, ox.NamedNode)
            }
        )
        if len(plan_nodes) <= 1:
            return [(plan, self.quads) for plan in plan_nodes]
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in self.quads:
            by_graph.setdefault(str(quad.graph_name), []).append(quad)
        plans = []
        for quads in by_graph.values():
            here = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value == PLAN_CLASS}
            if len(here) > 1:
                raise InputError(
                    str(self.path),
                    f"{len(here)} plans share one graph ({', '.join(sorted(here))}): "
                    "give each plan its own file or named graph",
                )
            plans.extend((plan, quads) for plan in here)
        return sorted(plans)


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[InputError]]:
    """The files to read: files as given, and the RDF and YAML files inside folders (recursively, sorted)."""
    return find_files(paths, tuple(RDF_FORMATS) + YAML_SUFFIXES)


def read_document(path: Path) -> InputDocument:
    if path.suffix.lower() in YAML_SUFFIXES:
        from jfp_graph.authoring import read_yaml

        quads, text = read_yaml(path)
        return InputDocument(path, text, quads)
    quads = read_quads(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return InputDocument(path, text, quads)
