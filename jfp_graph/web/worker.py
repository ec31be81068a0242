"""A query worker: a separate process that runs SPARQL queries on a read-only view of the store.

pyoxigraph cannot interrupt a query from another thread, so each query runs here and the server kills
the whole process when the time limit passes. Only pyoxigraph is imported, to keep start-up quick. The
worker reads a snapshot of the store, never the live one: Oxigraph allows no reader beside a writing process.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading

import pyoxigraph as ox


def run_query(store: ox.Store, request: dict) -> tuple:
    """One query over the store: the union of its named graphs, an explicit dataset, or the query's own."""
    options: dict = {}
    if request["dataset"] is not None:
        defaults, named = request["dataset"]
        options["default_graph"] = [ox.NamedNode(g) for g in defaults]
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    elif request["union"]:
        options["use_default_graph_as_union"] = True
    cap = request["cap"]
    result = store.query(request["query"], **options)
    if isinstance(result, ox.QueryBoolean):
        return ("boolean", bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == cap:
                return ("select", variables, rows, True)
            rows.append([solution[name] for name in variables])
        return ("select", variables, rows, False)
    triples = []
    for triple in result:
        if len(triples) == cap:
            return ("graph", triples, True)
        triples.append(triple)
    return ("graph", triples, False)


def _read(stream) -> dict | None:
    header = stream.read(8)
    if len(header) < 8:
        return None
    return pickle.loads(stream.read(struct.unpack(">Q", header)[0]))


def _write(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _watch(lifeline: int) -> None:
    """End this process as soon as the server's end of the lifeline closes (the server stopped or died).

    pyoxigraph evaluates a query without holding the interpreter lock, so this thread runs even while a
    long query does."""
    while os.read(lifeline, 1):
        pass
    os._exit(0)


def serve(lifeline: int, requests=None, replies=None) -> None:
    """Answer framed requests until the input closes, on a read-only view of each request's snapshot."""
    threading.Thread(target=_watch, args=(lifeline,), daemon=True).start()
    requests = requests or sys.stdin.buffer
    replies = replies or sys.stdout.buffer
    _write(replies, ("ready",))
    store, opened = None, None
    while True:
        request = _read(requests)
        if request is None:
            return
        try:
            if opened != (request["path"], request["generation"]):
                store, opened = None, None
                store, opened = ox.Store.read_only(request["path"]), (request["path"], request["generation"])
            reply = run_query(store, request)
        except SyntaxError as error:
            reply = ("syntax", str(error))
        except (OSError, RuntimeError, ValueError) as error:
            reply = ("error", str(error))
        _write(replies, reply)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
