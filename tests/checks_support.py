"""Shared helpers for the tests of the checks that read the plan (evidence, steps, preparers, opinions).

Holds no tests itself. Each helper validates the QRL 2024 example with a SPARQL Update applied, with the
example strategies as context, as `jfp-graph validate plans/ --context strategies/` would.
"""

from __future__ import annotations

from pathlib import Path

from test_validate_support import EXAMPLES_DIR, patched_copy, validator

from jfp_graph.validation import validate_paths
from jfp_graph.validation.model import Finding

QRL24_FILE = EXAMPLES_DIR / "plans" / "QRL-2024.ttl"
STRATEGIES = EXAMPLES_DIR / "strategies"
ID = "https://w3id.org/jfp-graph/id/"
QRL24 = ID + "plan/QRL/2024"
PREFIXES = """PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX jfpreq: <https://w3id.org/jfp-graph/id/requirement/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
BASE <https://w3id.org/jfp-graph/id/>
"""


def findings(path: Path, context: list[Path] | None = None) -> list[Finding]:
    """The findings on the one plan in ``path``, with ``context`` (the example strategies by default)."""
    run = validate_paths([path, *(context if context is not None else [STRATEGIES])], validator=validator())
    assert run.errors == []
    (plan,) = run.plans
    return plan.findings


def findings_after(update: str, folder: Path, context: list[Path] | None = None) -> list[Finding]:
    """The findings on QRL 2024 once ``update`` (after the usual prefixes) is applied."""
    return findings(patched_copy(QRL24_FILE, PREFIXES + update, folder), context)


def slugs(found: list[Finding]) -> set[str]:
    return {f.requirement.slug for f in found}
