"""The server's hold on the graph: the store (embedded or remote), the query runner and writes."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.layout import graph_for_document
from jfp_graph.store import MEMORY, GraphStore, StoreError, open_store
from jfp_graph.validation.refresh import derived_graphs, refresh_missing
from jfp_graph.web.admission import Admission
from jfp_graph.web.guard import check_graphs, check_query
from jfp_graph.web.pagequeries import PageQueries
from jfp_graph.web.runner import OPEN, LocalRunner, Outcome, RemoteRunner
from jfp_graph.web.settings import Settings
from jfp_graph.web.uploads import UploadReaders


class WritesUnavailable(Exception):
    """Writing needs an embedded store (a remote endpoint is read through its own protocol)."""

    def __init__(self, message: str = "this server reads a remote endpoint; load plans into that store instead"):
        super().__init__(message)


class DiskFull(Exception):
    """The store's disk (or quota) is full: the write was undone, nothing of it is stored."""


_DISK_FULL = ("No space left on device", "Disk quota exceeded")


def _disk_full(error: StoreError) -> bool:
    # RocksDB reports the operating system's error as text, without an errno.
    return any(reason in str(error) for reason in _DISK_FULL)


class GraphService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._scratch: str | None = None
        self._write_lock = threading.Lock()
        self._validation_lock = threading.RLock()
        self._validator = None
        limits = {"result_bytes": settings.result_bytes, "queue": settings.queue, "memory": settings.worker_memory}
        if settings.endpoint:
            self.store: GraphStore = open_store(endpoint=settings.endpoint, timeout=max(1, int(settings.query_timeout)))
            self.runner: LocalRunner | RemoteRunner = RemoteRunner(
                settings.endpoint, settings.query_timeout, settings.row_cap, workers=settings.workers, **limits
            )
            self.embedded = False
        else:
            location = settings.store
            if not location or location == MEMORY:
                # Query workers open the store from disk, so even a throw-away store lives in a folder.
                self._scratch = location = tempfile.mkdtemp(prefix="jfp-graph-web-")
            self.store = open_store(location, derived=derived_graphs)
            if settings.load_bundle:
                from jfp_graph.bundle import ensure_bundle

                ensure_bundle(self.store)
            refresh_missing(self.store)  # a store written before its plans' reports were kept
            self.store.flush()
            self.snapshots = Snapshots(Path(location), keep_for=settings.query_timeout + 5)
            self.runner = LocalRunner(self.snapshots.take(self.store), settings.workers, settings.query_timeout,
                                      settings.row_cap, **limits)
            self.embedded = True
        self.pages = PageQueries(self.runner)
        self.uploads = UploadReaders(settings.upload_readers, settings.upload_timeout, settings.queue,
                                     settings.worker_memory)
        self.validations = Admission(1, settings.queue, settings.upload_timeout, "validations")

    # -- reading ---------------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        return self.store.graph_names()

    def run_query(
        self, text: str, default_graphs=(), named_graphs=(), formats: dict[str, str] | None = None
    ) -> Outcome:
        """Check a query from outside, then run it; protocol graph parameters override its FROM / FROM NAMED.

        ``formats`` (query form → format name) asks for the answer written, in the worker, inside the limits.
        Raises ``RefusedQuery`` (the client's mistake), ``QueryFailed``, ``QueryTimeout``, ``WorkerLost`` or
        ``Busy``.
        """
        checked = check_query(text, self.graph_names)
        check_graphs(list(default_graphs) + list(named_graphs), self.graph_names)
        # Protocol graph parameters, when given, replace the query's own dataset as a whole (SPARQL 1.1
        # Protocol 2.1.4); otherwise its FROM / FROM NAMED define it, and without those it is every graph.
        # Either way the engine is given the dataset checked here, never one it would read from the text.
        dataset = (list(default_graphs), list(named_graphs)) if default_graphs or named_graphs else checked.dataset
        return self.runner.run(checked.text, dataset, lane=OPEN, formats=formats)

    # -- writing ---------------------------------------------------------------------------------
    def replace_document(self, document: str, quads: list[ox.Quad]) -> int:
        """Replace the graph of one document (a plan edition) with ``quads``, all or nothing."""
        if not self.embedded:
            raise WritesUnavailable()
        graph = graph_for_document(document)
        with self._write_lock:
            try:
                written = self.store.write_graphs({graph: quads}, replace=True)
            except StoreError as error:
                if _disk_full(error):
                    raise DiskFull(str(error)) from None
                raise
            self.store.flush()
            self.runner.store_changed(self.snapshots.take(self.store))
        return written

    # -- validation ------------------------------------------------------------------------------
    def validator(self):
        """The plan validator, prepared once (ontology, statute, reference graphs and shapes)."""
        from jfp_graph.validation import PlanValidator

        with self._validation_lock:
            if self._validator is None:
                self._validator = PlanValidator()
            return self._validator

    def validate_paths(self, paths: list[Path]):
        """Validate plan files with the store's strategies as context (one run at a time)."""
        from jfp_graph.validation import validate_paths
        from jfp_graph.validation.refresh import supporting_quads

        validator = self.validator()
        supporting = supporting_quads(self.store)
        with self._validation_lock:
            validator.context.add_supporting(supporting)
            return validate_paths(paths, validator=validator)  # clears the supporting graphs when done

    def threads_needed(self) -> int:
        """Threads the bounded work can hold at once: every slot and queue place of every admission."""
        admissions = [*self.runner.lanes.values(), self.uploads.admission, self.validations]
        return sum(a.slots + a.queue for a in admissions)

    def close(self) -> None:
        self.runner.close()
        self.uploads.close()
        if self.embedded:
            self.snapshots.close()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


class Snapshots:
    """Snapshots of the store for the query workers, in a folder beside it (``<store>.snapshots``).

    Each write is followed by a new snapshot; a snapshot is removed once a newer one has served for
    ``keep_for`` seconds, longer than any query on the old one may still run.
    """

    def __init__(self, store_folder: Path, keep_for: float) -> None:
        self.folder = store_folder.with_name(store_folder.name + ".snapshots")
        shutil.rmtree(self.folder, ignore_errors=True)  # left by a server that died
        self.folder.mkdir(parents=True)
        self.keep_for = keep_for
        self._taken: list[tuple[Path, float]] = []  # (snapshot, when it was superseded or 0 while current)
        self._count = 0

    def take(self, store) -> str:
        self._count += 1
        target = self.folder / str(self._count)
        store.snapshot(target)
        now = time.monotonic()
        self._taken = [(path, since or now) for path, since in self._taken]
        for path, since in self._taken[:-1]:
            if now - since > self.keep_for:
                shutil.rmtree(path, ignore_errors=True)
        self._taken = [(p, t) for p, t in self._taken if p.exists()] + [(target, 0.0)]
        return str(target)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
