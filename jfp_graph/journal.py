"""The write journal: what makes a bulk load into an on-disk store all-or-nothing, even under ``kill -9``.

Oxigraph's bulk loader is fast because it is not transactional: a process killed half-way leaves whatever
it had written. So every write to an on-disk store keeps a journal file in the store's folder, as databases
keep an intent log:

1. the journal is created, naming the write (``urn:jfp-graph:write:<uuid>``), and made durable;
2. each graph the write creates is appended to the journal before any of its quads is handed to the bulk
   loader (the journal is synced to disk before each bulk batch);
3. the write ends with one SPARQL update (one Oxigraph transaction) holding the graphs that replace
   existing ones, the catalogue and a commit mark naming the write; that transaction is the commit point;
4. the journal file is removed, then the commit mark.

Opening the store finishes what a killed write left (``recover``): if the journal's write has no commit
mark, every graph the journal names is dropped; either way the journal and any mark are removed. A torn
last line (the process died while appending it) names a graph none of whose quads was written yet, and is
ignored. Recovery is itself idempotent: killed during recovery, the next open recovers again.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

JOURNAL_FILE = "jfp-graph-write-journal"
WRITE_PREFIX = "urn:jfp-graph:write:"
# The commit mark lives in the store's default graph, which no load writes and every query (run over the
# union of the named graphs) ignores.
COMMITTED = ox.NamedNode("urn:jfp-graph:committed")
_DATE_TIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


class Journal:
    """The journal of one write in progress (``folder`` None: an in-memory store, which needs none)."""

    def __init__(self, folder: Path | None) -> None:
        self.write = ox.NamedNode(WRITE_PREFIX + uuid.uuid4().hex)
        self.graphs: list[str] = []
        self.path = folder / JOURNAL_FILE if folder is not None else None
        self._file = None
        if self.path is not None:
            self._file = self.path.open("x", encoding="utf-8")
            self._file.write(self.write.value + "\n")
            self.sync()

    def add(self, graph: str) -> None:
        """Record a graph this write is about to create (durable by the next ``sync``)."""
        self.graphs.append(graph)
        if self._file is not None:
            self._file.write(graph + "\n")
            self._file.flush()  # in the operating system's hands: survives the process being killed

    def sync(self) -> None:
        """Make what was recorded durable (survives a power cut), before the quads it covers are written."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())

    def commit_update(self) -> str:
        """The SPARQL update operation that marks this write committed, to run in its final transaction."""
        now = ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=_DATE_TIME)
        return f"INSERT DATA {{ {self.write} {COMMITTED} {now} }}"

    def close(self, store: ox.Store) -> None:
        """End the write: remove the journal, then the commit mark (in that order: see ``recover``)."""
        if self._file is not None:
            self._file.close()
            self.path.unlink(missing_ok=True)
        _remove_marks(store)


def recover(store: ox.Store, folder: Path) -> list[str]:
    """Finish what a killed write left in the store at ``folder``; returns the graphs dropped."""
    path = folder / JOURNAL_FILE
    if not path.exists():
        _remove_marks(store)  # killed between removing its journal and its mark: committed
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.split("\n")[:-1]  # a last line without its newline is torn: nothing of it was written
    dropped: list[str] = []
    if lines and not _committed(store, lines[0]):
        for graph in dict.fromkeys(lines[1:]):
            node = ox.NamedNode(graph)
            if store.contains_named_graph(node):
                store.remove_graph(node)
                dropped.append(graph)
        store.flush()
    path.unlink()
    _remove_marks(store)
    return dropped


def _committed(store: ox.Store, write: str) -> bool:
    try:
        node = ox.NamedNode(write)
    except ValueError:
        return False
    return any(True for _ in store.quads_for_pattern(node, COMMITTED, None, ox.DefaultGraph()))


def _remove_marks(store: ox.Store) -> None:
    marks: Iterable[ox.Quad] = list(store.quads_for_pattern(None, COMMITTED, None, ox.DefaultGraph()))
    for quad in marks:
        store.remove(quad)
