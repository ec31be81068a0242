"""The requirements a synthetic plan answers, read from the statute graph and the shapes.

Every requirement of the statute graph gets a section of the plan, titled after it, and a claim with an
evidence pointer that points at the section, as the example plans have: this covers the requirements checked
from a claim (``jfp_graph.validation.shapes.ShapeSet.claim_checked``). A requirement whose shape asks for a
part of the plan with a ``jfp:topic`` (recommended content) has its section given that topic. The other
requirements are met by the parts of the plan the generator builds (period, consultation, views, sharing,
opinions, steps, pathways, metrics...). Read with pyoxigraph: synthesis needs neither rdflib nor a
validation context.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from jfp_graph.iris import sparql_prologue
from jfp_graph.paths import DATA_DIR, SHAPES_DIR

PROLOGUE = sparql_prologue(("jfp", "skos", "sh", "rdf"))
REQUIREMENTS_QUERY = (
    PROLOGUE
    + """
SELECT ?requirement ?slug ?title ?topic WHERE {
  ?requirement a jfp:StatutoryRequirement ; skos:notation ?slug ; skos:prefLabel ?title .
  OPTIONAL {
    ?shape jfp:enforces ?requirement ; sh:property ?property .
    ?property sh:path/rdf:rest*/rdf:first jfp:topic ; sh:hasValue ?topic .
  }
}
ORDER BY ?slug
"""
)


@dataclass(frozen=True)
class Requirement:
    iri: str
    slug: str  # skos:notation, also the name of its section and claim in the plan's IRIs
    title: str  # skos:prefLabel, the title of its section
    topic: str | None  # the topic its shape asks a part of the plan to cover


@cache
def plan_requirements() -> tuple[Requirement, ...]:
    """Every requirement of the statute graph, by slug, with the topic its shape asks for, if any."""
    store = ox.Store()
    store.load(path=str(DATA_DIR / "statute.ttl"), format=ox.RdfFormat.TURTLE)
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return tuple(
        Requirement(
            row["requirement"].value,
            row["slug"].value,
            row["title"].value,
            row["topic"].value if row["topic"] else None,
        )
        for row in store.query(REQUIREMENTS_QUERY)
    )
