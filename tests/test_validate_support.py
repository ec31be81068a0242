"""Shared helpers for the validation tests: one prepared validator, and patched copies of example plans.

Holds no tests itself; the other ``test_validate*``, ``test_shapes``, ``test_authoring`` and ``test_scaffold``
modules import it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.synth.defects import DEFECTS_DIR, Patch, load_patch, load_patches
from jfp_graph.validation import PlanValidator

FIXTURES = Path(__file__).parent / "fixtures" / "validation"
VIOLATIONS_DIR = FIXTURES / "violations"
VIOLATIONS = load_patches(VIOLATIONS_DIR)  # patches breaking further shapes, for the tests only
EXAMPLE_PLANS = sorted((EXAMPLES_DIR / "plans").glob("*.ttl"))
BASE = "https://w3id.org/jfp-graph/id/"


@cache
def validator() -> PlanValidator:
    """One context for the whole test session, as a CI run would use it."""
    return PlanValidator()


def patched_copy(base: Path, update: str, folder: Path) -> Path:
    """``base`` with a SPARQL Update applied, written as Turtle under ``folder`` (same file name)."""
    store = ox.Store()
    store.load(base.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=BASE)
    store.update(update)
    out = folder / base.name
    out.write_bytes(store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    return out


def defect_copy(name: str, folder: Path, **values: object) -> Path:
    """The example plan a defect patch was written against, with the patch applied (defaults for the rest)."""
    patch = load_patch(DEFECTS_DIR / f"{name}.ru")
    return patched_copy(patch.base, patch.bound(**values), folder)


def example_copy(patch: Patch, folder: Path) -> Path:
    """The patch's example plan with the patch applied at its defaults."""
    return patched_copy(patch.base, patch.bound(), folder)


def claim_removal(plan: str, slug: str) -> str:
    """An update removing the plan's claims for one requirement, and their evidence."""
    return f"""
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
DELETE {{ ?claim ?p ?o . ?evidence ?ep ?eo . <{plan}> jfp:hasClaim ?claim }}
WHERE {{
  ?claim jfp:addressesRequirement <https://w3id.org/jfp-graph/id/requirement/{slug}> ; ?p ?o .
  OPTIONAL {{ ?claim jfp:hasEvidence ?evidence . ?evidence ?ep ?eo }}
}}
"""


def topic_removal(slug: str) -> str:
    return f"""
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
DELETE WHERE {{ ?part jfp:topic jfp:{slug} }}
"""
