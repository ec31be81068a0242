"""A query worker: a separate process that runs SPARQL queries on a read-only view of the store.

pyoxigraph cannot interrupt a query from another thread, so each query runs here and the server kills
the whole process when the time limit passes. The worker parses the query (nothing else does), runs it,
and, when the client's format is known, writes the answer too, so the time limit covers all three and the
server only passes bytes on. Its memory is capped, and the answer is cut at a row cap and a byte cap as it
is produced (an answer within both, in a format pyoxigraph writes, is written by pyoxigraph). Only
pyoxigraph and the small writers are imported, to keep start-up quick. The worker reads a snapshot of the
store, never the live one: Oxigraph allows no reader beside a writing process.
"""

from __future__ import annotations

import os
import pickle
import resource
import struct
import sys
import threading

import pyoxigraph as ox

from jfp_graph.web.runner import Outcome
from jfp_graph.web.serialise import NATIVE, write_answer, write_natively

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

def _size(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> int:
    """About how many bytes a term adds to any written answer."""
    if term is None:
        return 1
    if isinstance(term, ox.Literal):
        return len(term.value) + len(term.language or "") + 16
    return len(term.value) + 4


def _evaluate(store: ox.Store, request: dict) -> Result:
    """The query over the store: the union of its named graphs, an explicit dataset, or the query's own."""
    options: dict = {}
    if request["dataset"] is not None:
        defaults, named = request["dataset"]
        options["default_graph"] = [ox.NamedNode(g) for g in defaults]
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    elif request["union"]:
        options["use_default_graph_as_union"] = True
    return store.query(request["query"], **options)


def _form(result: Result) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


def run_query(store: ox.Store, request: dict, result: Result | None = None) -> Outcome:
    """One query's answer as rows (or triples), from ``result`` when the query has already been evaluated.

    Rows (or triples) stop at ``cap`` and once their terms pass ``bytes``; either way ``truncated`` says so.
    """
    cap, budget = request["cap"], request["bytes"]
    result = _evaluate(store, request) if result is None else result
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list = []
        for solution in result:
            row = list(solution)  # its values in the order of the variables, faster than by name
            budget -= sum(_size(term) for term in row)
            if len(rows) == cap or budget < 0:
                return Outcome("select", variables, rows, truncated=True)
            rows.append(row)
        return Outcome("select", variables, rows)
    triples: list = []
    for triple in result:
        budget -= _size(triple.subject) + _size(triple.predicate) + _size(triple.object)
        if len(triples) == cap or budget < 0:
            return Outcome("graph", triples=triples, truncated=True)
        triples.append(triple)
    return Outcome("graph", triples=triples)


def answer(store: ox.Store, request: dict) -> Outcome | tuple[str]:
    """The query's answer, written in the format ``formats`` names for its form (else as rows or triples);
    ``("empty",)`` if one of its ``lookups`` has no row (the query is then not run).

    pyoxigraph writes a format it knows when the whole answer is within the caps; an answer past either is
    evaluated again and written row by row, so that it is cut exactly where the caps say."""
    for lookup in request.get("lookups") or ():
        if next(iter(_evaluate(store, lookup)), None) is None:
            return ("empty",)
    result = _evaluate(store, request)
    form = _form(result)
    name = (request.get("formats") or {}).get(form)
    if (form, name) in NATIVE:
        body = write_natively(result, form, name, request["cap"], request["bytes"])
        if body is not None:
            return Outcome(form, body=body, written_as=name)
        result = _evaluate(store, request)
    outcome = run_query(store, request, result)
    return write_answer(outcome, name, request["bytes"]) if name else outcome


def _as_reply(done: Outcome | tuple[str]) -> Outcome | tuple:
    """A written answer as a plain tuple (``runner`` reads it back), cheaper to pickle than an ``Outcome``."""
    if isinstance(done, Outcome) and done.written_as is not None:
        return ("written", done.form, done.written_as, done.truncated, done.body)
    return done


def receive(stream=None) -> dict | None:
    """The next framed request from the server (``None`` once its end is closed)."""
    stream = stream or sys.stdin.buffer
    header = stream.read(8)
    if len(header) < 8:
        return None
    return pickle.loads(stream.read(struct.unpack(">Q", header)[0]))


def reply(message, stream=None) -> None:
    stream = stream or sys.stdout.buffer
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def watch(lifeline: int) -> None:
    """End this process as soon as the server's end of the lifeline closes (the server stopped or died).

    pyoxigraph evaluates a query without holding the interpreter lock, so this thread runs even while a
    long query does."""

    def wait() -> None:
        while os.read(lifeline, 1):
            pass
        os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def limit_memory(limit: int) -> None:
    """Cap this process's data (heap and anonymous mappings): past it an allocation fails and the process
    ends, which the server reports, instead of the machine running out of memory."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def serve(lifeline: int, requests=None, replies=None) -> None:
    """Answer framed requests until the input closes, on a read-only view of each request's snapshot.

    A request without a snapshot path only checks that Oxigraph parses its query (for a remote endpoint,
    which is sent only queries Oxigraph accepts)."""
    watch(lifeline)
    reply(("ready",), replies)
    store, opened = None, None
    while (request := receive(requests)) is not None:
        try:
            if request["path"] is None:
                ox.Store().query(request["query"])  # parsed (and planned), never read
                done: object = ("checked",)
            else:
                if opened != (request["path"], request["generation"]):
                    store, opened = None, None
                    store, opened = ox.Store.read_only(request["path"]), (request["path"], request["generation"])
                done = _as_reply(answer(store, request))
        except SyntaxError as error:
            done = ("syntax", str(error))
        except MemoryError:
            done = ("memory",)
        except (OSError, RuntimeError, ValueError) as error:
            done = ("error", str(error))
        reply(done, replies)


if __name__ == "__main__":
    limit_memory(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    serve(int(sys.argv[1]))
