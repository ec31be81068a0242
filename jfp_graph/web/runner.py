"""Running SPARQL with a wall-clock limit and a row cap, over an embedded store or a remote endpoint."""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field

import pyoxigraph as ox

from jfp_graph.sparql import uses_dataset_clause

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class QueryFailed(Exception):
    """The engine refused or failed the query; ``syntax`` when its parser did."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.syntax = syntax


@dataclass
class Outcome:
    form: str  # "select", "boolean" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False
    truncated: bool = False


def _outcome(reply: tuple) -> Outcome:
    kind = reply[0]
    if kind == "select":
        return Outcome("select", variables=reply[1], rows=reply[2], truncated=reply[3])
    if kind == "boolean":
        return Outcome("boolean", boolean=reply[1])
    if kind == "graph":
        return Outcome("graph", triples=reply[1], truncated=reply[2])
    raise QueryFailed(reply[1], syntax=kind == "syntax")


class _Worker:
    """One worker process, started as ``python -m jfp_graph.web.worker LIFELINE``, spoken to over its pipes.

    The worker holds the read end of a pipe whose write end only this process holds: however this process
    ends (``kill -9`` included), the worker sees the pipe close and exits, even in the middle of a query.
    """

    def __init__(self) -> None:
        lifeline, self._lifeline = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jfp_graph.web.worker", str(lifeline)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                pass_fds=(lifeline,),
            )
        finally:
            os.close(lifeline)
        self.started = False  # until its first message says it is ready

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, request: dict) -> None:
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(struct.pack(">Q", len(data)) + data)
        self.process.stdin.flush()

    def ready(self, timeout: float) -> bool:
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        return bool(readable)

    def receive(self) -> tuple:
        header = self.process.stdout.read(8)
        if len(header) < 8:
            raise EOFError("worker closed its output")
        return pickle.loads(self.process.stdout.read(struct.unpack(">Q", header)[0]))

    def wait_started(self, timeout: float) -> None:
        """Wait for the worker's first message: starting a process is not part of a query's time."""
        if not self.started:
            if not self.ready(timeout) or self.receive() != ("ready",):
                raise EOFError("the worker did not start")
            self.started = True

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        os.close(self._lifeline)


class LocalRunner:
    """A small pool of worker processes over snapshots of the on-disk store.

    Workers read a snapshot (``path``) rather than the live store: Oxigraph allows no reader process beside
    a writing one. After a write the server takes a new snapshot and calls ``store_changed`` with it; each
    worker opens it before its next query.
    """

    STARTUP_S = 60  # a worker has this long to start, on top of the query's own time limit

    def __init__(self, path: str, workers: int, timeout: float, cap: int) -> None:
        self.path, self.timeout, self.cap = path, timeout, cap
        self.generation = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        new = _Worker()
        with self._lock:
            self._all.append(new)
        self._idle.put(new)

    def _discard(self, old: _Worker) -> None:
        old.stop()
        with self._lock:
            self._all.remove(old)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]

    def store_changed(self, path: str | None = None) -> None:
        """Make every worker open ``path`` (the store's new snapshot) before its next query."""
        if path is not None:
            self.path = path
        self.generation += 1

    def run(
        self, query: str, dataset: tuple[list[str], list[str]] | None = None, timeout: float | None = None
    ) -> Outcome:
        """Run ``query`` over the union of the named graphs, or over ``dataset`` (default graphs, named
        graphs) when given, or over the dataset its own FROM / FROM NAMED clauses name."""
        request = {
            "query": query,
            "dataset": dataset,
            "union": dataset is None and not uses_dataset_clause(query),
            "cap": self.cap,
            "path": self.path,
            "generation": self.generation,
        }
        current = self._idle.get()
        try:
            current.wait_started(self.STARTUP_S)
            current.send(request)
            if not current.ready(timeout or self.timeout):
                # The only way to stop a running pyoxigraph query: end its process, start a fresh one.
                self._discard(current)
                self._add()
                current = None
                raise QueryTimeout()
            reply = current.receive()
        except (EOFError, OSError, BrokenPipeError, pickle.UnpicklingError):
            if current is not None:
                self._discard(current)
                self._add()
                current = None
            raise QueryFailed("the query worker stopped unexpectedly") from None
        finally:
            if current is not None:
                self._idle.put(current)
        return _outcome(reply)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.stop()


class UpstreamFailed(Exception):
    """The endpoint behind ``serve --endpoint`` could not be reached or failed: a 502 (504 when it timed out)."""

    def __init__(self, message: str, status: int = 502) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RemoteRunner:
    """Forwards checked queries to a SPARQL 1.1 endpoint (only to it), with the same limit and cap; the endpoint
    store (``jfp_graph.remote``) sends them and reads the answers."""

    def __init__(self, endpoint: str, timeout: float, cap: int) -> None:
        from jfp_graph.remote import RemoteStore

        self.endpoint, self.timeout, self.cap = endpoint, timeout, cap
        self.generation = 0
        self.store = RemoteStore(endpoint, timeout=timeout, check_union=False)

    def worker_pids(self) -> list[int]:
        return []

    def store_changed(self, path: str | None = None) -> None:
        pass

    def run(
        self, query: str, dataset: tuple[list[str], list[str]] | None = None, timeout: float | None = None
    ) -> Outcome:
        from jfp_graph.remote import EndpointError, EndpointTimeout
        from jfp_graph.store import QueryInputError, SelectResult, StoreError

        try:
            found = self.store.run_query(query, dataset, timeout or self.timeout)
        except EndpointTimeout:
            raise QueryTimeout() from None
        except QueryInputError as error:
            raise QueryFailed(str(error), syntax=True) from None
        except EndpointError as error:
            if 400 <= error.status < 500:
                raise QueryFailed(str(error)) from None  # the endpoint refused the query itself
            raise UpstreamFailed(str(error), 504 if error.status == 504 else 502) from None
        except StoreError as error:
            raise UpstreamFailed(str(error)) from None
        if isinstance(found, bool):
            return Outcome("boolean", boolean=found)
        if isinstance(found, SelectResult):
            rows = [[row[v] for v in found.columns] for row in found.rows]
            return Outcome("select", found.columns, rows[: self.cap], truncated=len(rows) > self.cap)
        return Outcome("graph", triples=found[: self.cap], truncated=len(found) > self.cap)

    def close(self) -> None:
        pass
