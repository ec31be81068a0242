"""What a validation run produces: requirements, findings per plan, unreadable inputs."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.rdfio import InputError


class Severity(enum.IntEnum):
    """SHACL severities, ordered so that a higher value is more serious."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def iri(self) -> str:
        return "http://www.w3.org/ns/shacl#" + self.name.capitalize()

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        local = iri.rsplit("#", 1)[-1].upper()
        try:
            return cls[local]
        except KeyError:
            raise ValueError(f"not a SHACL severity: {iri}") from None


# --fail-on thresholds; None means "never fail on findings".
THRESHOLDS: dict[str, Severity | None] = {
    "violation": Severity.VIOLATION,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "none": None,
}


# The confirmation status of a section that the statute graph has seen in its source; any other is shown.
VERIFIED = "verified"


@dataclass(frozen=True)
class Citation:
    """A source a requirement rests on: a section of an Act (with its number, Act and confirmation status as the
    statute graph gives them) or a section of the guidance."""

    iri: str
    label: str
    act: str = ""  # the Act's name, for a section of an Act
    section: str = ""  # e.g. "14Z52(2)(c)"
    status: str = ""  # confirmation status: "verified", "partly verified", "inferred", "unconfirmed"

    @property
    def text(self) -> str:
        """'NHS Act 2006 s.14Z55 (section unconfirmed)': the Act by name, then the section,
        marked when the statute graph has not verified it."""
        return f"{self.act} {self.section_text}" if self.act and self.section else self._marked(self.label)

    @property
    def section_text(self) -> str:
        """'s.14Z55 (section unconfirmed)': the section alone, for citing several of one Act together."""
        return self._marked(f"s.{self.section}") if self.section else self._marked(self.label)

    def _marked(self, cited: str) -> str:
        return cited if self.status in ("", VERIFIED) else f"{cited} (section {self.status})"


@dataclass(frozen=True)
class Requirement:
    """A statutory requirement as the statute graph states it."""

    iri: str
    slug: str
    label: str
    modality: str  # must | should | could
    severity: Severity
    group: str
    legal_basis: tuple[Citation, ...]
    guidance: Citation | None
    fix_hint: str

    @property
    def statute(self) -> str:
        """The legal basis as one line, e.g. 'NHS Act 2006 s.14Z52(2)(e); Domestic Abuse Act
        2021 s.1', each section marked when unconfirmed."""
        by_act: dict[str, list[Citation]] = {}
        for citation in self.legal_basis:
            by_act.setdefault(citation.act if citation.section else citation.iri, []).append(citation)
        return "; ".join(
            f"{cited[0].act} " + ", ".join(c.section_text for c in cited) if cited[0].section else cited[0].text
            for cited in by_act.values()
        )


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    severity: Severity
    focus: str
    focus_label: str
    message: str
    path: str | None = None
    value: str | None = None
    shape: str | None = None  # the named shape that found it
    value_term: ox.NamedNode | ox.Literal | None = field(default=None, compare=False)  # ``value`` as an RDF term
    # ``value`` as a reader knows it: an IRI's label (or compact IRI), a literal's lexical form. Not stored in
    # the report: read back from a store it is None, and the value is shown as it is.
    value_label: str | None = field(default=None, compare=False)

    @property
    def shown_value(self) -> str | None:
        return self.value_label or self.value


class Status(enum.Enum):
    MET = "met"
    NOT_MET = "not met"
    NOT_APPLICABLE = "n/a"


@dataclass
class PlanReport:
    """The findings for one plan edition read from one file."""

    source: Path | str  # the file it was read from, or the graph of the stored report it was read from
    plan: str
    label: str
    icb: str
    findings: list[Finding]
    applicable: frozenset[str]  # slugs of requirements whose shapes had a focus node in this plan
    line: int | None = None  # where the plan node is first named in its file
    report: str = field(default="", repr=False)  # the engine's sh:ValidationReport, as N-Triples
    data_digest: str = ""  # of the data the engine validated: the plan and the facts derived from its context

    def status(self, requirement: Requirement) -> Status:
        if any(f.requirement.slug == requirement.slug for f in self.findings):
            return Status.NOT_MET
        return Status.MET if requirement.slug in self.applicable else Status.NOT_APPLICABLE

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def by_requirement(self) -> list[tuple[Requirement, list[Finding]]]:
        """Findings grouped by requirement, most serious first, then in statute order."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.requirement.slug, []).append(finding)
        ordered = sorted(groups.values(), key=lambda fs: (-fs[0].severity, fs[0].requirement.slug))
        return [(fs[0].requirement, fs) for fs in ordered]


@dataclass
class RunReport:
    """Everything one ``validate`` run found: plans checked, files that could not be read."""

    requirements: list[Requirement]
    plans: list[PlanReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    supporting: list[Path] = field(default_factory=list)  # files read as context (strategies, JSNAs ...)

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for plan in self.plans:
            for finding in plan.findings:
                counts[finding.severity] += 1
        return counts

    def failing(self, threshold: Severity | None) -> list[PlanReport]:
        if threshold is None:
            return []
        return [p for p in self.plans if any(f.severity >= threshold for f in p.findings)]

    def exit_code(self, threshold: Severity | None) -> int:
        """2 if any input could not be read, else 1 if findings reach the threshold, else 0."""
        if self.errors:
            return 2
        return 1 if self.failing(threshold) else 0

    def summary(self, threshold: Severity | None) -> str:
        counts = self.counts()
        parts = [
            f"{len(self.plans)} plan{'s' if len(self.plans) != 1 else ''} checked",
            f"{counts[Severity.VIOLATION]} violation{'s' if counts[Severity.VIOLATION] != 1 else ''}",
            f"{counts[Severity.WARNING]} warning{'s' if counts[Severity.WARNING] != 1 else ''}",
            f"{counts[Severity.INFO]} info",
        ]
        failing = len(self.failing(threshold))
        parts.append(
            f"{failing} plan{'s' if failing != 1 else ''} failing at --fail-on "
            + (threshold.label if threshold else "none")
        )
        if self.errors:
            parts.append(f"{len(self.errors)} file{'s' if len(self.errors) != 1 else ''} could not be read")
        return ", ".join(parts)
