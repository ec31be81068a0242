"""The real organisations synthetic plans are written for, and the size of a synthetic graph.

ICBs, their relevant HWBs and partner trusts come from the bundled reference graph; the relevant HWBs are
those of the bundled ``relevant-hwbs`` query, the same definition validation and the pages use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from jfp_graph.iris import sparql_prologue
from jfp_graph.layout import REFERENCE_GRAPH
from jfp_graph.paths import DATA_DIR
from jfp_graph.queries import load_query
from jfp_graph.store import EmbeddedStore


@dataclass(frozen=True)
class HWB:
    gss: str
    name: str  # "Portsmouth Health and Wellbeing Board"
    area: str  # "Portsmouth"

    @property
    def jlhws(self) -> str:
        """The IRI path of the board's joint local health and wellbeing strategy."""
        return f"jlhws/{self.gss}/2023"


@dataclass(frozen=True)
class ICB:
    ods: str
    name: str  # "NHS Hampshire and Isle of Wight Integrated Care Board"
    short: str  # "Hampshire and Isle of Wight"
    hwbs: tuple[HWB, ...]  # relevant HWBs, by GSS code
    trusts: tuple[str, ...]  # ODS codes of partner trusts


@dataclass(frozen=True)
class Scale:
    icbs: int
    editions: int
    objectives: int  # per plan edition
    steps: int  # per objective


PROLOGUE = sparql_prologue(("jfp", "rdfs"))
AREAS_QUERY = PROLOGUE + "SELECT ?la ?area { ?la a jfp:UpperTierLocalAuthority ; rdfs:label ?area }"
TRUSTS_QUERY = PROLOGUE + "SELECT ?icb ?trust { ?icb a jfp:IntegratedCareBoard ; jfp:partnerTrust ?trust }"


def _code(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


@cache
def reference_icbs() -> tuple[ICB, ...]:
    """Every ICB of the bundled reference graph that has relevant HWBs, by ODS code."""
    store = EmbeddedStore()
    store.write_graph(REFERENCE_GRAPH, ox.parse(path=str(DATA_DIR / "reference.ttl"), format=ox.RdfFormat.TURTLE))
    areas = {row["la"].value: row["area"].value for row in store.select(AREAS_QUERY).rows}
    trusts: dict[str, set[str]] = {}
    for row in store.select(TRUSTS_QUERY).rows:
        trusts.setdefault(row["icb"].value, set()).add(_code(row["trust"].value))
    names: dict[str, str] = {}
    hwbs: dict[str, set[HWB]] = {}
    for row in load_query("relevant-hwbs").run(store).rows:
        icb = row["icb"].value
        names[icb] = row["icb_name"].value
        hwbs.setdefault(icb, set()).add(HWB(_code(row["hwb"].value), row["hwb_name"].value, areas[row["la"].value]))
    return tuple(
        ICB(
            _code(icb),
            name,
            name.removeprefix("NHS ").removesuffix(" Integrated Care Board").strip(),
            tuple(sorted(hwbs[icb], key=lambda h: h.gss)),
            tuple(sorted(trusts.get(icb, ()))),
        )
        for icb, name in sorted(names.items())
    )
