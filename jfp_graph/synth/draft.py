"""A plan edition being written: what every part of a synthetic plan needs to know about it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property

from jfp_graph.iris import ID
from jfp_graph.synth.document import WEB, Document
from jfp_graph.synth.model import ICB

FIRST_YEAR = 2023  # the first joint forward plans covered 2023/24 onwards (JFP guidance 2022, section 1.1)


def plan_iri(icb: ICB, year: int) -> str:
    return f"{ID}plan/{icb.ods}/{year}"


def financial_year(year: int) -> str:
    return f"{ID}fy/{year}-{(year + 1) % 100:02d}"


@dataclass
class PlanDraft:
    """A plan edition being written: its document, the ICB it is for, its first year and its random numbers."""

    doc: Document
    icb: ICB
    year: int
    rng: random.Random

    @property
    def iri(self) -> str:
        return self.doc.iri

    def part(self, path: str) -> str:
        """The IRI of a part of the plan: ``<plan>/path``."""
        return f"{self.iri}/{path}"

    @property
    def icb_iri(self) -> str:
        return f"{ID}icb/{self.icb.ods}"

    @cached_property
    def organisations(self) -> list[str]:
        """The ICB and its partner trusts, which prepare the plan together."""
        return [self.icb_iri, *(f"{ID}trust/{t}" for t in self.icb.trusts)]

    @property
    def strategy(self) -> str:
        """The integrated care strategy the plan delivers."""
        return f"{ID}ics/{self.icb.ods}/2023"

    @property
    def pdf(self) -> str:
        """The published document the plan's evidence pointers point into."""
        return f"{WEB}{self.icb.ods}/joint-forward-plan-{self.year}.pdf"
