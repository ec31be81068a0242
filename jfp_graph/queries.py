"""The named query library: ``queries/*.rq`` files with grlc-style ``#+`` headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from jfp_graph.paths import QUERIES_DIR


class UnknownQuery(LookupError):
    pass


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    header: dict
    text: str

    @property
    def summary(self) -> str:
        return str(self.header.get("summary", ""))


def parse_header(text: str) -> dict:
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    return yaml.safe_load("\n".join(line[1:] if line.startswith(" ") else line for line in lines)) or {}


def load_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise UnknownQuery(name)
    text = path.read_text(encoding="utf-8")
    return NamedQuery(name, path, parse_header(text), text)
