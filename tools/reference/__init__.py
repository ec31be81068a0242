"""The reference build: ``data/sources/*.csv`` → ``data/reference.ttl``, run as ``python -m tools.reference``.

``sources`` describes each source CSV, ``rows`` reads them (every complaint names file and line), ``build`` turns
them into the byte-stable reference graph.
"""

from tools.reference.build import build_reference_graph, serialize_reference, write_reference
from tools.reference.rows import ReferenceBuildError
from tools.reference.sources import SOURCE_FILES

__all__ = ["SOURCE_FILES", "ReferenceBuildError", "build_reference_graph", "serialize_reference", "write_reference"]
