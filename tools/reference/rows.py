"""Reading the source CSVs: every record keeps its file and line, so every complaint can point at it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tools.reference.sources import SourceFile


class ReferenceBuildError(ValueError):
    """A source CSV that cannot be used: names the file, the 1-based line (None = whole file) and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Row:
    """One CSV record with the file and line it came from, so every complaint can point at it."""

    path: Path
    line: int
    values: dict[str, str]

    def error(self, reason: str) -> ReferenceBuildError:
        return ReferenceBuildError(self.path, self.line, reason)

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def text(self, column: str) -> str:
        value = self.values[column].strip()
        if not value:
            raise self.error(f"empty value in column '{column}'")
        return value

    def integer(self, column: str) -> int:
        value = self.text(column)
        if not re.fullmatch(r"-?\d+", value):
            raise self.error(f"column '{column}': '{value}' is not a whole number")
        return int(value)

    def decimal(self, column: str) -> Decimal:
        value = self.text(column)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(f"column '{column}': '{value}' is not a decimal number") from None
        if not number.is_finite():
            raise self.error(f"column '{column}': '{value}' is not a finite number")
        return number

    def boolean(self, column: str) -> bool:
        value = self.text(column)
        if value not in ("True", "False"):
            raise self.error(f"column '{column}': '{value}' is not True or False")
        return value == "True"

    def ods_date(self, column: str) -> date | None:
        """An ODS YYYYMMDD date, or None when the cell is empty."""
        value = self.values[column].strip()
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{8}", value):
                raise ValueError(value)
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            raise self.error(f"column '{column}': '{value}' is not a YYYYMMDD date") from None


def read_source(sources_dir: Path, source: SourceFile) -> list[Row]:
    """Read one source CSV, checking the header has every column the build needs."""
    path = Path(sources_dir) / source.name
    if not path.is_file():
        raise ReferenceBuildError(path, None, "file not found")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ReferenceBuildError(path, 1, "file is empty (no header row)")
            missing = [column for column in source.required if column not in header]
            if missing:
                raise ReferenceBuildError(path, 1, "missing required column(s): " + ", ".join(missing))
            rows: list[Row] = []
            next_line = reader.line_num + 1  # a quoted cell may span lines: report where the record starts
            for record in reader:
                line = next_line
                next_line = reader.line_num + 1
                if not record:
                    continue
                if len(record) != len(header):
                    raise ReferenceBuildError(path, line, f"expected {len(header)} fields, found {len(record)}")
                rows.append(Row(path, line, dict(zip(header, record, strict=True))))
    except UnicodeDecodeError as exc:
        raise ReferenceBuildError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise ReferenceBuildError(path, None, f"malformed CSV: {exc}") from None
    return rows
