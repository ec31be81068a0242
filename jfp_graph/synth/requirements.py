"""The sections a synthetic plan needs, read from the statute graph and the shapes.

A requirement checked from a claim (a shape of its targets the requirement node itself, as
``jfp_graph.validation.shapes.ShapeSet.claim_checked`` says) gets a section titled after it and a claim
pointing at that section. A requirement whose shape asks for a part of the plan with a ``jfp:topic``
(recommended content) gets a section with that topic. The other requirements are met by the parts of the
plan the generator builds (period, consultation, views, sharing, opinions, steps, pathways, metrics...).
Read with pyoxigraph: synthesis needs neither rdflib nor a validation context.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from jfp_graph.iris import sparql_prologue
from jfp_graph.paths import DATA_DIR, SHAPES_DIR

PROLOGUE = sparql_prologue(("jfp", "skos", "sh", "rdf"))
SECTIONS_QUERY = (
    PROLOGUE
    + """
SELECT DISTINCT ?requirement ?slug ?title ?claimed ?topic WHERE {
  ?requirement skos:notation ?slug ; skos:prefLabel ?title .
  {
    ?shape jfp:enforces ?requirement ; sh:targetNode ?requirement .
    BIND(true AS ?claimed)
  } UNION {
    ?shape jfp:enforces ?requirement ; sh:property ?property .
    ?property sh:path/rdf:rest*/rdf:first jfp:topic ; sh:hasValue ?topic .
    BIND(false AS ?claimed)
  }
}
ORDER BY ?slug
"""
)


@dataclass(frozen=True)
class Section:
    """A plan section written for one requirement, titled after the requirement's ``skos:prefLabel``."""

    requirement: str  # IRI
    slug: str  # the requirement's skos:notation, also the section's name in the plan's IRIs
    title: str
    claimed: bool  # the plan claims the requirement, pointing at this section
    topic: str | None  # the topic the requirement's shape asks a part of the plan to cover


@cache
def requirement_sections() -> tuple[Section, ...]:
    """One section per requirement checked from a claim or asking for a topic, by slug."""
    store = ox.Store()
    store.load(path=str(DATA_DIR / "statute.ttl"), format=ox.RdfFormat.TURTLE)
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return tuple(
        Section(
            row["requirement"].value,
            row["slug"].value,
            row["title"].value,
            row["claimed"].value == "true",
            row["topic"].value if row["topic"] else None,
        )
        for row in store.query(SECTIONS_QUERY)
    )
