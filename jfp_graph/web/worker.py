"""A query worker: a separate process that runs SPARQL queries on a read-only view of the store.

pyoxigraph cannot interrupt a query from another thread, so each query runs here and the server kills
the whole process when the time limit passes. Only pyoxigraph is imported, to keep start-up quick.
"""

from __future__ import annotations

import pickle
import struct
import sys
import time

import pyoxigraph as ox


def _open(path: str) -> ox.Store:
    return ox.Store.read_only(path)


def run_query(store: ox.Store, request: dict) -> tuple:
    options: dict = {}
    if request["default_graphs"]:
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    else:
        options["use_default_graph_as_union"] = True
    if request["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
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


# A read-only view reads the store's file list when it is opened. The server's own store compacts its files in
# the background after a write and deletes the old ones, so an open (or a read) can meet a file that has just
# gone: Oxigraph says "Corruption" or "IO error". Opened afresh a moment later, the view lists the files as
# they are now; only then is the query's failure its own.
ATTEMPTS = 5


def serve(path: str, requests=None, replies=None) -> None:
    """Answer framed requests until the input closes; reopen the store when its generation changes."""
    requests = requests or sys.stdin.buffer
    replies = replies or sys.stdout.buffer
    store = _open(path)
    generation = 0
    while True:
        request = _read(requests)
        if request is None:
            return
        stale = request["generation"] != generation
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if stale:
                    store, generation, stale = _open(path), request["generation"], False
                reply = run_query(store, request)
            except SyntaxError as error:
                reply = ("syntax", str(error))
            except (OSError, RuntimeError) as error:
                reply = ("error", str(error))
                if attempt < ATTEMPTS:
                    stale = True
                    time.sleep(0.05 * attempt)
                    continue
            except ValueError as error:
                reply = ("error", str(error))
            break
        _write(replies, reply)


if __name__ == "__main__":
    serve(sys.argv[1])
