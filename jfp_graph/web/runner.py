"""Running SPARQL with a wall-clock limit and a row cap, over an embedded store or a remote endpoint."""

from __future__ import annotations

import asyncio
import functools
import os
import pickle
import queue as queue_module
import re
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox

from jfp_graph.sparql import uses_dataset_clause
from jfp_graph.web.admission import Admission, Busy
from jfp_graph.web.serialise import write_answer

Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class QueryFailed(Exception):
    """The engine refused or failed the query; ``syntax`` when its parser did (with its line and column)."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.syntax = syntax
        where = _SYNTAX_POSITION.match(message) if syntax else None
        self.line, self.column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        self.reason = where.group(3) if where else message
        if "Prefix not found" in self.reason:  # Oxigraph lists every character it would have taken instead
            self.reason = "a prefix is used that the query does not declare (PREFIX name: <...>)"


class LookupEmpty(Exception):
    """One of the lookups a query was to run after found nothing, so the query was not run."""


class WorkerLost(Exception):
    """The query's worker process ended while running it: it needed more memory than its limit, or was killed."""


# Oxigraph's syntax errors say "error at LINE:COLUMN: reason".
_SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# Which requests may use the workers: the site's own queries (pages and the named query library, whose cost
# the project knows) and the open endpoint's (anything a client writes). Open queries never hold every
# worker, so a page is never stuck behind them.
SITE, OPEN = "site", "open"


@dataclass
class Outcome:
    form: str  # "select", "boolean" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False
    truncated: bool = False
    body: bytes | None = None  # the answer already written, in format ``written_as`` (rows and triples empty)
    written_as: str | None = None


def _outcome(reply) -> Outcome:
    if isinstance(reply, Outcome):
        return reply
    if reply[0] == "written":  # see worker._as_reply
        _, form, written_as, truncated, body = reply
        return Outcome(form, truncated=truncated, body=body, written_as=written_as)
    if reply[0] == "empty":
        raise LookupEmpty()
    if reply[0] == "memory":
        raise WorkerLost()
    raise QueryFailed(reply[1], syntax=reply[0] == "syntax")


class _Worker:
    """One worker process, started as ``python -m MODULE LIFELINE MEMORY``, spoken to over its pipes.

    The worker holds the read end of a pipe whose write end only this process holds: however this process
    ends (``kill -9`` included), the worker sees the pipe close and exits, even in the middle of a query.
    """

    def __init__(self, module: str, memory: int) -> None:
        lifeline, self._lifeline = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module, str(lifeline), str(memory)],
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
        # poll, not select: select cannot watch a descriptor numbered above 1023,
        # and a busy server holds that many connections.
        poller = select.poll()
        poller.register(self.process.stdout, select.POLLIN)
        return bool(poller.poll(max(timeout, 0) * 1000))

    def receive(self) -> object:
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


def query_lanes(workers: int, queue: int, timeout: float) -> dict[str, Admission]:
    """Admission for each lane; a runner holds a slot of its lane for the whole query."""
    return {
        SITE: Admission(workers, queue, timeout, "queries"),
        OPEN: Admission(max(1, workers - 1), queue, timeout, "SPARQL queries"),
    }


class WorkerPool:
    """Worker processes, each answering one request at a time.

    A request waits a bounded time for a free worker (``Busy`` after it); a worker that runs past the time
    limit, or dies, is ended and replaced by a fresh one.
    """

    STARTUP_S = 60  # a worker has this long to start, on top of the query's own time limit

    def __init__(
        self, workers: int, timeout: float, queue: int, memory: int, module: str = "jfp_graph.web.worker"
    ) -> None:
        self.timeout, self.memory, self.module = timeout, memory, module
        self._idle: queue_module.Queue[_Worker] = queue_module.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        new = _Worker(self.module, self.memory)
        with self._lock:
            self._all.append(new)
        self._idle.put(new)

    def _replace(self, old: _Worker) -> None:
        old.stop()
        with self._lock:
            self._all.remove(old)
        self._add()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]

    def call(self, request: dict, timeout: float):
        """The worker's reply to ``request``; ``QueryTimeout`` past the limit, ``WorkerLost`` if it died."""
        try:
            current: _Worker | None = self._idle.get(timeout=self.timeout)
        except queue_module.Empty:
            raise Busy("queries", self.timeout) from None
        try:
            current.wait_started(self.STARTUP_S)
            current.send(request)
            if not current.ready(timeout):
                # The only way to stop a running pyoxigraph query: end its process, start a fresh one.
                self._replace(current)
                current = None
                raise QueryTimeout()
            return current.receive()
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            ended = f"{error!r}"
            if current is not None:
                ended += f"; its exit status was {current.process.poll()}"
                self._replace(current)
                current = None
            raise WorkerLost(ended) from None
        finally:
            if current is not None:
                self._idle.put(current)

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


class _PooledRunner:
    """What both runners share: the limits, a pool of workers, admission by lane, and threads to wait in."""

    def __init__(
        self, workers: int, timeout: float, cap: int, result_bytes: int, queue: int, memory: int
    ) -> None:
        self.timeout, self.cap, self.result_bytes = timeout, cap, result_bytes
        self.generation = 0
        self.pool = WorkerPool(workers, timeout, queue, memory)
        self.lanes = query_lanes(workers, queue, timeout)
        # Room for every request a lane admits or queues, and as many again, which admission turns away at once
        # (503) rather than leaving them waiting for a thread.
        places = 2 * sum(lane.slots + lane.queue for lane in self.lanes.values())
        self._threads = ThreadPoolExecutor(max_workers=places, thread_name_prefix="jfp-graph-query")

    async def in_thread(self, call: Callable[..., T], *args) -> T:
        """``call(*args)`` (work that waits for admission and a worker) on a thread of the runner's own, off the
        event loop: a hand-off costs less than through the server's shared thread pool."""
        return await asyncio.get_running_loop().run_in_executor(self._threads, functools.partial(call, *args))

    def worker_pids(self) -> list[int]:
        return self.pool.worker_pids()

    def close(self) -> None:
        self.pool.close()
        self._threads.shutdown(wait=False)


class LocalRunner(_PooledRunner):
    """Queries over snapshots of the on-disk store, in a pool of worker processes.

    Workers read a snapshot (``path``) rather than the live store: Oxigraph allows no reader process beside
    a writing one. After a write the server takes a new snapshot and calls ``store_changed`` with it; each
    worker opens it before its next query.
    """

    def __init__(
        self, path: str, workers: int, timeout: float, cap: int, *, result_bytes: int = 32 * 2**20,
        queue: int = 8, memory: int = 0,
    ) -> None:
        super().__init__(workers, timeout, cap, result_bytes, queue, memory)
        self.path = path

    def store_changed(self, path: str | None = None) -> None:
        """Make every worker open ``path`` (the store's new snapshot) before its next query."""
        if path is not None:
            self.path = path
        self.generation += 1

    def run(
        self, query: str, dataset: tuple[list[str], list[str]] | None = None, timeout: float | None = None,
        lane: str = SITE, formats: dict[str, str] | None = None, lookups: tuple[str, ...] | list[str] = (),
        names_dataset: bool | None = None,
    ) -> Outcome:
        """Run ``query`` over the union of the named graphs, or over ``dataset`` (default graphs, named
        graphs) when given, or over the dataset its own FROM / FROM NAMED clauses name (``names_dataset``
        says whether it has them, when the caller knows; else its text is read for them).

        With ``formats`` (query form → format name), an answer of a form named there comes back written
        (``Outcome.body``) rather than as rows. ``lookups`` are SELECTs run first, in the same worker within
        the same time limit: if one has no row, the query is not run (``LookupEmpty``).
        """
        request = {
            "lookups": [_read_by_worker(lookup, None) for lookup in lookups],
            **_read_by_worker(query, dataset, names_dataset),
            "cap": self.cap,
            "bytes": self.result_bytes,
            "formats": formats,
            "path": self.path,
            "generation": self.generation,
        }
        with self.lanes[lane].slot():
            return _outcome(self.pool.call(request, timeout or self.timeout))


def _read_by_worker(
    query: str, dataset: tuple[list[str], list[str]] | None, names_dataset: bool | None = None
) -> dict:
    """A query as the worker takes it, with the dataset to run it over."""
    if names_dataset is None:
        names_dataset = uses_dataset_clause(query)
    return {"query": query, "dataset": dataset, "union": dataset is None and not names_dataset}


class RemoteRunner(_PooledRunner):
    """Forwards queries to a SPARQL 1.1 endpoint (only to it), with the same limits, caps and admission.

    A client's query (lane ``OPEN``) is first parsed by Oxigraph in a worker process, inside the time limit:
    the endpoint is sent only text that Oxigraph reads as one query, which the guard has checked.
    """

    def __init__(
        self, endpoint: str, timeout: float, cap: int, *, workers: int = 1, result_bytes: int = 32 * 2**20,
        queue: int = 8, memory: int = 0,
    ) -> None:
        from jfp_graph.remote import RemoteStore

        super().__init__(workers, timeout, cap, result_bytes, queue, memory)
        self.endpoint = endpoint
        self.store = RemoteStore(endpoint, timeout=timeout, check_union=False, max_bytes=result_bytes)

    def store_changed(self, path: str | None = None) -> None:
        pass

    def run(
        self, query: str, dataset: tuple[list[str], list[str]] | None = None, timeout: float | None = None,
        lane: str = SITE, formats: dict[str, str] | None = None, lookups: tuple[str, ...] | list[str] = (),
        names_dataset: bool | None = None,
    ) -> Outcome:
        limit = timeout or self.timeout
        with self.lanes[lane].slot():
            started = time.monotonic()
            if lane == OPEN:
                reply = self.pool.call({"query": query, "path": None}, limit)
                if reply != ("checked",):
                    _outcome(reply)  # raises why Oxigraph refused it
            for lookup in lookups:
                if not self._forward(lookup, None, max(0.1, limit - (time.monotonic() - started))).rows:
                    raise LookupEmpty()
            outcome = self._forward(query, dataset, max(0.1, limit - (time.monotonic() - started)))
        name = (formats or {}).get(outcome.form)
        return write_answer(outcome, name, self.result_bytes) if name else outcome

    def _forward(self, query: str, dataset: tuple[list[str], list[str]] | None, timeout: float) -> Outcome:
        """The endpoint's answer, through the endpoint store (which reads every engine's answers in one form)."""
        from jfp_graph.remote import EndpointError, EndpointTimeout
        from jfp_graph.store import QueryInputError, SelectResult, StoreError

        try:
            found = self.store.run_query(query, dataset, timeout)
        except EndpointTimeout:
            raise QueryTimeout() from None
        except QueryInputError as error:
            raise QueryFailed(str(error), syntax=True) from None
        except EndpointError as error:
            if 400 <= error.status < 500:
                raise QueryFailed(str(error)) from None  # the endpoint refused the query itself, or sent too much
            raise UpstreamFailed(str(error), 504 if error.status == 504 else 502) from None
        except StoreError as error:
            raise UpstreamFailed(str(error)) from None
        if isinstance(found, bool):
            return Outcome("boolean", boolean=found)
        if isinstance(found, SelectResult):
            rows = [[row[v] for v in found.columns] for row in found.rows]
            return Outcome("select", found.columns, rows[: self.cap], truncated=len(rows) > self.cap)
        return Outcome("graph", triples=found[: self.cap], truncated=len(found) > self.cap)
