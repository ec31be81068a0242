"""QA checks: the SPARQL SELECT queries in ``queries/qa/*.rq``, run against the ontology graph.

Each query returns ``?term ?problem`` and optionally ``?value``, and declares its severity in a grlc-style
``#+ severity:`` header line (read with the one ``#+`` parser, ``jfp_graph.queries.parse_header``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from jfp_graph.ontology.errors import OntologyError
from jfp_graph.paths import QUERIES_DIR
from jfp_graph.queries import parse_header

QA_DIR = QUERIES_DIR / "qa"
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class QAFinding:
    check: str  # file stem of the QA query, e.g. "missing-label"
    severity: str  # "error" or "warning", from the query's header
    term: str  # IRI of the offending term
    problem: str
    value: str | None = None


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
            values = dict(zip(names, row, strict=True))
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
