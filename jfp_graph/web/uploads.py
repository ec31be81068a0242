"""Reading uploads (``PUT`` plans, ``POST /validate``) in processes of their own, with time and memory limits.

The parsers are bounded already (``jfp_graph.rdfio``: depth, DOCTYPE, remote contexts; ``jfp_graph.authoring``:
YAML depth, aliases, tags), but a parser is a large piece of code fed by strangers: here a crash, a stack
overflow or a runaway parse ends a reader process, never the server, and never holds a lock or the event
loop. Readers are long-lived, like the query workers (started with the server, watching the same kind of
lifeline, replaced when stopped): a reader answers a plan of 1,200 triples in 9 ms, where a fresh process per
upload took 107 ms (Turtle) to 767 ms (YAML, 416 ms in a reader), most of it start-up, before reading a byte.

A reader sends back what it read as N-Quads, which Oxigraph writes and reads back in a fraction of the time
pickling the quads would take; the server trusts that text, its own reader's output.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pyoxigraph as ox

from jfp_graph.rdfio import InputError
from jfp_graph.web.admission import Admission
from jfp_graph.web.runner import QueryTimeout, WorkerLost, WorkerPool


class UploadTimeout(Exception):
    """Reading the upload took longer than the limit; the reader was stopped."""


class UploadTooCostly(Exception):
    """Reading the upload needed more memory than a reader may have (or ended the reader otherwise)."""


@dataclass(frozen=True)
class Upload:
    data: bytes
    suffix: str  # names the format, as a file name's would: ".ttl", ".jsonld", ".yaml", ...
    source: str  # how messages name the upload


class UploadReaders:
    """A few reader processes and the admission in front of them."""

    def __init__(self, readers: int, timeout: float, queue: int, memory: int) -> None:
        self.timeout = timeout
        self.pool = WorkerPool(readers, timeout, queue, memory, module=__name__)
        self.admission = Admission(readers, queue, timeout, "uploads")

    def read(self, upload: Upload, want_quads: bool = True) -> list[ox.Quad]:
        """The upload's quads (``[]`` when only checking that it reads); ``InputError`` naming the bound or the
        syntax error, ``UploadTimeout``, ``UploadTooCostly`` or ``Busy``."""
        request = {"upload": upload, "want_quads": want_quads}
        with self.admission.slot():
            try:
                reply = self.pool.call(request, self.timeout)
            except QueryTimeout:
                raise UploadTimeout() from None
            except WorkerLost:
                raise UploadTooCostly() from None
        kind = reply[0]
        if kind == "refused":
            raise InputError(*reply[1:])
        if kind == "memory":
            raise UploadTooCostly()
        return list(ox.parse(reply[1], format=ox.RdfFormat.N_QUADS)) if reply[1] else []

    def worker_pids(self) -> list[int]:
        return self.pool.worker_pids()

    def close(self) -> None:
        self.pool.close()


def read_upload(upload: Upload) -> list[ox.Quad]:
    """What the reader process does with one upload: the reader ``load`` and ``validate`` use."""
    from jfp_graph.rdfio import READABLE_SUFFIXES, parse_document

    return parse_document(upload.data, READABLE_SUFFIXES[upload.suffix], upload.source)


def _answer(request: dict) -> tuple:
    try:
        quads = read_upload(request["upload"])
    except InputError as error:
        return ("refused", error.path, error.reason, error.line, error.column)
    except (MemoryError, RecursionError):
        return ("memory",)
    return ("read", ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if request["want_quads"] else b"")


def serve(lifeline: int) -> None:
    from jfp_graph.web.worker import receive, reply, watch

    watch(lifeline)
    reply(("ready",))
    while (request := receive()) is not None:
        reply(_answer(request))


if __name__ == "__main__":
    from jfp_graph.web.worker import limit_memory

    limit_memory(int(sys.argv[2]))
    import jfp_graph.authoring  # noqa: F401 - imported once, before the first upload, not during it

    serve(int(sys.argv[1]))
