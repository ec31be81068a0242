"""Defects as patches: SPARQL Updates with a grlc-style header, one file each in ``data/examples/defects``.

The header says what the patch does (``summary``), which requirements validation must then report
(``expect``), which example plan it was written against (``base``) and its parameters (``params``, with
``defaults`` that fit the example, as the named queries have them). Every patch takes ``?_plan_iri``, the
plan edition to change; one about a single relevant HWB takes ``?_hwb_iri`` too; any other parameter names
a part of the plan relative to it, so its default fits synthetic plans as well. The same file therefore
plants the defect in an example plan (the tests, with the defaults) and in a synthetic plan (bound to it).
Values are bound as ``VALUES`` (``jfp_graph.sparql.inject_update_values``), never pasted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.queries import NamedQuery, parse_header
from jfp_graph.sparql import inject_update_values

DEFECTS_DIR = EXAMPLES_DIR / "defects"
_REQUIREMENT = "jfpreq:"


@dataclass(frozen=True)
class Patch:
    """One patch file. Its header and typed parameters are read as a named query's are."""

    update: NamedQuery

    @property
    def name(self) -> str:
        return self.update.name

    @property
    def summary(self) -> str:
        return self.update.summary

    @cached_property
    def expect(self) -> tuple[str, ...]:
        """Slugs of the requirements validation must report once the patch is applied, sorted."""
        listed = self.update.header.get("expect") or []
        curies = [listed] if isinstance(listed, str) else listed
        if not curies or any(not str(c).startswith(_REQUIREMENT) for c in curies):
            raise ValueError(f"{self.update.path}: expect must list requirements as {_REQUIREMENT}SLUG")
        return tuple(sorted(str(c).removeprefix(_REQUIREMENT) for c in curies))

    @property
    def base(self) -> Path:
        """The example plan the defaults fit."""
        return EXAMPLES_DIR / str(self.update.header["base"])

    @property
    def parameters(self) -> list[str]:
        return [p.name for p in self.update.parameters]

    def bound(self, **values: object) -> str:
        """The update with its parameters bound: ``values`` where given, the defaults otherwise."""
        return inject_update_values(self.update.text, self.update.bindings(values))

    def changes(self, ntriples: bytes, **values: object) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The triples the patch removes from and adds to a graph given as N-Triples, each sorted."""
        store = ox.Store()
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        before = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())
        store.update(self.bound(**values))
        after = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())
        return _triples(before - after), _triples(after - before)


def _triples(lines: set[bytes]) -> list[ox.Triple]:
    return list(ox.parse(b"\n".join(sorted(lines)), format=ox.RdfFormat.N_TRIPLES))


def load_patch(path: Path) -> Patch:
    text = path.read_text(encoding="utf-8")
    return Patch(NamedQuery(path.stem, path, parse_header(text), text))


def load_patches(directory: Path) -> tuple[Patch, ...]:
    return tuple(load_patch(path) for path in sorted(directory.glob("*.ru")))


DEFECTS = load_patches(DEFECTS_DIR)
