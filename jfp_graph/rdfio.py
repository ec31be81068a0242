"""Reading RDF files from outside: format detection, safe parsing and located errors.

Everything that reads a user's file goes through here, so every failure names the file, the
line and column where known, and the parser's reason.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.iris import ID
from jfp_graph.media import AUTHORING, MediaFormat, rdf_by_suffix, readable_by_suffix
from jfp_graph.paths import DATA_DIR

# File suffix → pyoxigraph format (from the one table of formats), for the RDF formats.
RDF_FORMATS: dict[str, ox.RdfFormat] = rdf_by_suffix()
# File suffix → format, for everything a plan can be read from: RDF, and the YAML authoring format.
READABLE_SUFFIXES: dict[str, MediaFormat] = readable_by_suffix()
# Relative IRIs resolve against the project's instance namespace in every format and on every way in (``load``,
# ``validate``, a web ``PUT``), so ``<plan/QRL/2024>`` or ``id: plan/QRL/2024`` names the same edition everywhere.
BASE_IRI = ID

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"
# Deeper nesting than this in JSON(-LD), YAML or XML is refused before parsing: real plans nest a dozen
# levels, and the parsers' cost grows quadratically with depth (a JSON-LD @context nested 3,000 levels deep
# crashes pyoxigraph's parser outright; 100k nested RDF/XML elements take minutes).
MAX_DEPTH = 100
CONTEXT_PATH = DATA_DIR / "context.jsonld"
CONTEXT_IRI = "https://w3id.org/jfp-graph/context.jsonld"


@dataclass
class InputError(Exception):
    """A file that could not be read as RDF. ``line``/``column`` are 1-based when known."""

    path: str
    reason: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.reason}"


def format_for(path: Path) -> MediaFormat:
    """The format a file is read as, named by its suffix."""
    try:
        return READABLE_SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(READABLE_SUFFIXES))
        raise InputError(str(path), f"unknown format '{path.suffix or path.name}' (known suffixes: {known})") from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None


def read_quads(path: Path, default_graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    """Parse one file completely into memory; triples outside a named graph go to ``default_graph``."""
    return parse_document(read_bytes(path), format_for(path), str(path), default_graph)


def parse_document(
    data: bytes,
    fmt: MediaFormat,
    source: str,
    default_graph: ox.NamedNode | ox.DefaultGraph | None = None,
) -> list[ox.Quad]:
    """The quads of a document in any readable format: the one reader ``load``, ``validate`` and a web ``PUT``
    share, so the same file gives the same graph on every way in. The YAML authoring format is converted to
    JSON-LD first (``jfp_graph.authoring``); relative IRIs resolve against ``BASE_IRI``."""
    if fmt.kind == AUTHORING:
        from jfp_graph.authoring import yaml_to_quads  # PyYAML is imported only when YAML is read

        try:
            text = data.removeprefix(_BOM).decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(source, f"cannot read file: {error}") from None
        return _into(yaml_to_quads(text, source), default_graph)
    assert fmt.rdf is not None, fmt.name  # READABLE holds RDF formats and the authoring format only
    return parse_bytes(data, fmt.rdf, source, default_graph, base_iri=BASE_IRI)


def parse_bytes(
    data: bytes,
    fmt: ox.RdfFormat,
    source: str,
    default_graph: ox.NamedNode | ox.DefaultGraph | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    data = data.removeprefix(_BOM)  # editors on Windows start UTF-8 files with one
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml(data, source)
    elif fmt == ox.RdfFormat.JSON_LD:
        data = local_contexts(data, source)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri, lenient=False))
    except SyntaxError as error:
        raise InputError(source, _reason(error), error.lineno, error.offset) from None
    except ValueError as error:
        raise InputError(source, str(error)) from None
    return _into(quads, default_graph)


def _into(quads: list[ox.Quad], default_graph: ox.NamedNode | ox.DefaultGraph | None) -> list[ox.Quad]:
    """``quads`` with those of the default graph moved to ``default_graph`` (when given)."""
    if default_graph is None or isinstance(default_graph, ox.DefaultGraph):
        return quads
    return [
        ox.Quad(q.subject, q.predicate, q.object, default_graph) if isinstance(q.graph_name, ox.DefaultGraph) else q
        for q in quads
    ]


def _reason(error: SyntaxError) -> str:
    message = error.msg or str(error)
    # pyoxigraph prefixes the span ("Parser error between line 3 column 11 and ...: reason"); the location is
    # reported separately, so keep only the reason.
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message


def _refuse_depth(source: str, data: bytes, at: int, what: str) -> None:
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    raise InputError(source, f"{what} nested more than {MAX_DEPTH} levels deep is refused", line, column)


# Start and end tags of XML elements (comments, processing instructions and CDATA are not elements).
_XML_TAG = re.compile(rb"<(/?)[^!?/<>\s][^<>]*?(/?)>")


def check_xml(data: bytes, source: str) -> None:
    """Refuse RDF/XML that declares a DTD (entity expansion is a denial of service in both parsers; plans
    never need one) or nests elements beyond ``MAX_DEPTH``."""
    doctype = _DOCTYPE.search(data)
    if doctype:
        line = data.count(b"\n", 0, doctype.start()) + 1
        raise InputError(source, "RDF/XML with a <!DOCTYPE> declaration is refused (entities are not allowed)", line, 1)
    depth = 0
    for tag in _XML_TAG.finditer(data):
        if tag.group(1):
            depth -= 1
        elif not tag.group(2):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse_depth(source, data, tag.start(), "XML")


def json_depth(value, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` (parsed JSON) nests lists and objects, counted up to ``limit + 1``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list) and depth > deepest:
            deepest = depth
            if deepest > limit:
                break
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return deepest


def project_context() -> dict:
    """The project's JSON-LD context (``data/context.jsonld``), read from the bundle, never fetched."""
    return _context_document()["@context"]


@functools.cache
def _context_document() -> dict:
    try:
        return json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RuntimeError(f"bundled JSON-LD context cannot be read: {CONTEXT_PATH}: {error}") from None


def local_contexts(data: bytes, source: str) -> bytes:
    """JSON-LD checked for depth, with references to the project's context replaced by the context itself.

    pyoxigraph would otherwise refuse the reference (it fetches no remote context), and the document could
    not name the terms of the authoring format. Any other remote context is refused by the parser.
    """
    try:
        document = json.loads(data)
    except RecursionError:
        raise InputError(source, f"JSON nested more than {MAX_DEPTH} levels deep is refused", 1, 1) from None
    except UnicodeDecodeError as error:
        raise InputError(source, f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise InputError(source, f"not JSON: {error.msg}", error.lineno, error.colno) from None
    if json_depth(document) > MAX_DEPTH:
        raise InputError(source, f"JSON nested more than {MAX_DEPTH} levels deep is refused", 1, 1)
    try:
        replaced = _with_project_context(document)
    except _RemoteContext as remote:
        raise InputError(
            source, f"the JSON-LD context <{remote}> is not fetched: use {CONTEXT_IRI} or write the context inline"
        ) from None
    return data if replaced is document else json.dumps(replaced).encode("utf-8")


class _RemoteContext(Exception):
    """A JSON-LD document that refers to a context on the web (nothing from outside is fetched)."""


def _with_project_context(node):
    """``node`` with every ``@context`` naming the project's context replaced by it (``node`` if none did)."""
    if isinstance(node, list):
        items = [_with_project_context(item) for item in node]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not isinstance(node, dict):
        return node
    changed = {}
    for key, value in node.items():
        if key == "@context":
            new = _resolved(value)
        else:
            new = _with_project_context(value)
        if new is not value:
            changed[key] = new
    return {**node, **changed} if changed else node


def _resolved(context):
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, str) and item != CONTEXT_IRI:
            raise _RemoteContext(item)
    if context == CONTEXT_IRI:
        return project_context()
    if isinstance(context, list) and CONTEXT_IRI in context:
        return [project_context() if item == CONTEXT_IRI else item for item in context]
    return context


def locate(text: str, iri: str) -> tuple[int | None, int | None]:
    """1-based line and column where ``iri`` (or its relative form under jfpid:) first appears in ``text``."""
    candidates = [iri]
    if iri.startswith(ID):
        relative = iri[len(ID) :]
        candidates += [f"<{relative}>", f"jfpid:{relative}", relative]
    for candidate in candidates:
        index = text.find(candidate)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            return line, column
    return None, None
