"""The YAML authoring format: JSON-LD written as YAML, with the project's published ``@context``.

A policy officer writes plain keys (``title``, ``forICB``, ``hasClaim`` ...) defined by
``data/context.jsonld`` (published as https://w3id.org/jfp-graph/context.jsonld). The context is read from
the bundle, never fetched. Relative IRIs resolve against https://w3id.org/jfp-graph/id/, so ``icb/QNQ``
names the ICB. JSON-LD silently drops keys its context does not define; here an unknown key is an error
naming the file, line and column, so a typo never loses content. Keys of a closed scheme (``targetComparator``,
``targetPer``, ``deliveryStatus``, ``planScope``) take the words their term's scoped context lists, each standing
for a concept; any other value is an error at its place too.
"""

from __future__ import annotations

import datetime
import difflib
import json
from pathlib import Path

import pyoxigraph as ox
import yaml

from jfp_graph import dates
from jfp_graph.rdfio import BASE_IRI, CONTEXT_IRI, MAX_DEPTH, InputError, parse_bytes, project_context

# JSON-LD keywords an author may use directly.
KEYWORDS = frozenset(
    {"@context", "@id", "@type", "@value", "@language", "@list", "@set", "@graph", "@reverse", "@index", "@direction"}
)
_DATATYPE_TERMS_AS_STRINGS = ("xsd:decimal", "xsd:integer", "xsd:date", "xsd:dateTime", "xsd:string")
# Keys the context types as dates take a plan date at any precision ("March 2024", "2025", "2024/25"), read by
# jfp_graph.dates into a literal of that precision.
_DATE_TERM = "xsd:date"


def _prefixes(context: dict) -> set[str]:
    return {name for name, value in context.items() if isinstance(value, str) and value.endswith(("#", "/"))}


def read_yaml(path: Path) -> tuple[list[ox.Quad], str]:
    """Quads of a YAML plan (or supporting document), and its text; ``InputError`` with a location if not."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read file: {error}") from None
    return yaml_to_quads(text, str(path)), text


def yaml_to_quads(text: str, source: str) -> list[ox.Quad]:
    document = yaml_to_jsonld(text, source)
    return parse_bytes(json.dumps(document).encode("utf-8"), ox.RdfFormat.JSON_LD, source, base_iri=BASE_IRI)


def yaml_to_jsonld(text: str, source: str) -> dict | list:
    """The JSON-LD document a YAML file stands for, with the bundled context in place of its reference."""
    loader = _BoundedLoader(text, source)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(source, "empty document", 1, 1)
        context = project_context()
        _check_node(node, context, _prefixes(context), source, key=None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = f"YAML: {error.problem or error.context}"
        raise InputError(source, reason, mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise InputError(source, f"YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(source, "the document must be a mapping (keys and values)", node.start_mark.line + 1, 1)
    data = _plain(data, context)
    data["@context"] = context
    return data


# Tags the authoring format may carry: the YAML core schema's plain values, sequences and mappings.
_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# Aliases may repeat at most this many nodes in all: enough to reuse a snippet, far too few for an
# "entity bomb" (a 457-byte file of nested aliases standing for millions of strings).
MAX_ALIASED_NODES = 10_000


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds: nesting depth, alias expansion, no alias to an enclosing node (a
    cycle), and only the core schema's tags (``!!binary``, ``!!set`` and local tags are refused)."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.enclosing: list[int] = []  # the nodes being composed, outermost first
        self.sizes: dict[int, int] = {}  # node -> how many nodes it stands for, aliases expanded
        self.repeated = 0  # nodes that aliases stand for, in all

    def refuse(self, reason: str, mark) -> None:
        raise InputError(self.source, reason, mark.line + 1, mark.column + 1)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None and (target is parent or id(target) in self.enclosing):
                self.refuse(f"alias *{event.anchor} refers to a node that contains it", event.start_mark)
            node = super().compose_node(parent, index)
            self.repeated += self.sizes.get(id(node), 1)
            if self.repeated > MAX_ALIASED_NODES:
                self.refuse(f"aliases repeat more than {MAX_ALIASED_NODES} nodes: write the content out",
                            event.start_mark)
            return node
        if len(self.enclosing) >= MAX_DEPTH:
            self.refuse(f"YAML nested more than {MAX_DEPTH} levels deep is refused", event.start_mark)
        self.enclosing.append(id(parent))
        try:
            node = super().compose_node(parent, index)
        finally:
            self.enclosing.pop()
        if node.tag not in _TAGS:
            self.refuse(f"the tag {node.tag} is not allowed (plain values, lists and mappings only)",
                        event.start_mark)
        if isinstance(node, yaml.SequenceNode):
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(k), 1) + self.sizes.get(id(v), 1) for k, v in node.value)
        return node


def _location(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_node(node: yaml.Node, context: dict, prefixes: set[str], source: str, key: str | None) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is None:
                raise InputError(source, "keys must be plain words", *_location(key_node))
            if name == "@context":
                _check_context_reference(value_node, source)
                continue
            if not _known_key(name, context, prefixes):
                raise InputError(source, f"unknown key '{name}': not a term of the jfp-graph context"
                                 + _did_you_mean(name, context), *_location(key_node))
            if name in ("type", "@type"):
                _check_types(value_node, context, prefixes, source)
                continue
            if _is_date_key(name, context):
                _check_dates(name, value_node, source)
            if words := _closed_words(name, context):
                _check_words(name, value_node, words, source)
            _check_node(value_node, context, prefixes, source, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_node(item, context, prefixes, source, key)


def _did_you_mean(name: str, context: dict) -> str:
    """The fix for a misspelt key or type: the closest terms of the context, if any are close."""
    close = difflib.get_close_matches(name, list(context), n=2, cutoff=0.75)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _known_key(name: str, context: dict, prefixes: set[str]) -> bool:
    if name in KEYWORDS or name in context:
        return True
    prefix, colon, _ = name.partition(":")
    return bool(colon) and prefix in prefixes


def _check_types(node: yaml.Node, context: dict, prefixes: set[str], source: str) -> None:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not _known_key(item.value, context, prefixes):
            value = item.value if isinstance(item, yaml.ScalarNode) else "a structure"
            raise InputError(source, f"unknown type '{value}': not a class of the jfp-graph context"
                             + _did_you_mean(value, context), *_location(item))


def _is_date_key(key: str | None, context: dict) -> bool:
    term = context.get(key) if key else None
    return isinstance(term, dict) and term.get("@type") == _DATE_TERM


def _check_dates(key: str, node: yaml.Node, source: str) -> None:
    """An InputError at the first value of ``key`` that is no plan date (a mapping says its own datatype)."""
    for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
        if isinstance(item, yaml.ScalarNode) and item.tag != "tag:yaml.org,2002:null":
            try:
                dates.parse(item.value)
            except dates.DateError as error:
                raise InputError(source, f"{key}: {error}", *_location(item)) from None


def _closed_words(key: str | None, context: dict) -> dict[str, str]:
    """The words a key of a closed scheme takes (``targetComparator: below``), each with its concept: the term's
    own scoped context. Empty for any other key."""
    term = context.get(key) if key else None
    if isinstance(term, dict) and term.get("@type") == "@vocab" and isinstance(term.get("@context"), dict):
        return term["@context"]
    return {}


def _check_words(key: str, node: yaml.Node, words: dict[str, str], source: str) -> None:
    """An InputError at the first value of ``key`` that is not one of its words: JSON-LD would otherwise turn
    a misspelt word into an IRI of no scheme."""
    allowed = ", ".join(repr(word) for word in words)
    for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
        if not isinstance(item, yaml.ScalarNode):
            raise InputError(source, f"{key}: write one of {allowed}, not a structure", *_location(item))
        if item.tag != "tag:yaml.org,2002:null" and item.value not in words:
            close = difflib.get_close_matches(item.value, list(words), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputError(source, f"{key}: unknown value '{item.value}'; write one of {allowed}{hint}",
                             *_location(item))


def _plan_date(value) -> str | dict:
    """A date value as JSON-LD: a day as text (the context types it), any other precision with its datatype."""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    lexical, datatype = dates.parse(text)
    return lexical if datatype == dates.DATE else {"@value": lexical, "@type": datatype}


def _check_context_reference(node: yaml.Node, source: str) -> None:
    if not (isinstance(node, yaml.ScalarNode) and node.value in (CONTEXT_IRI, "context.jsonld")):
        raise InputError(source, f"@context must be {CONTEXT_IRI} (other contexts are not fetched)", *_location(node))


def _plain(value, context: dict, key: str | None = None):
    """YAML values as JSON: dates as ISO text, typed at their precision where the context types a date ("March
    2024" a month); numbers as text where the context gives a datatype (so a decimal stays a decimal instead of
    becoming a JSON-LD double)."""
    if isinstance(value, dict):
        return {k: _plain(v, context, k) for k, v in value.items() if k != "@context"}
    if isinstance(value, list):
        return [_plain(v, context, key) for v in value]
    if _is_date_key(key, context) and isinstance(value, str | int | datetime.date) and not isinstance(value, bool):
        return _plan_date(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        term = context.get(key) if key else None
        if isinstance(term, dict) and term.get("@type") in _DATATYPE_TERMS_AS_STRINGS:
            return str(value)
    return value


# -- writing: RDF to the YAML authoring format ------------------------------------------------------
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _expand(value: str, context: dict) -> str:
    prefix, colon, local = value.partition(":")
    if colon and prefix in context and isinstance(context[prefix], str):
        return context[prefix] + local
    return value


def quads_to_yaml(quads: list[ox.Quad], root: str, header: str = "") -> str:
    """The triples of ``quads`` as a YAML document rooted at ``root``, nesting each described node where it
    is first referred to. Reading the result back gives the same graph (blank node names aside)."""
    return header + dump_yaml(quads_to_document(quads, root))


def dump_yaml(document: dict | list) -> str:
    """YAML text in the layout the authoring format is written in."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def quads_to_document(quads: list[ox.Quad], root: str) -> dict:
    """What ``quads_to_yaml`` writes, before it is written: the document's mapping."""
    context = project_context()
    properties: dict[str, tuple[str, object]] = {}
    classes: dict[str, str] = {}
    for term, definition in context.items():
        if isinstance(definition, dict):
            properties.setdefault(_expand(definition["@id"], context), (term, definition))
        elif isinstance(definition, str) and not definition.startswith("@") and not definition.endswith(("#", "/")):
            iri = _expand(definition, context)
            classes.setdefault(iri, term)
            properties.setdefault(iri, (term, {}))
    prefixes = sorted(
        ((name, iri) for name, iri in context.items() if isinstance(iri, str) and iri.endswith(("#", "/"))),
        key=lambda item: -len(item[1]),
    )
    # A concept of a closed scheme is written as its word (jfp:comparator-below as "below").
    words = {_expand(concept, context): word
             for term in context for word, concept in _closed_words(term, context).items()}

    def compact(iri: str) -> str:
        if iri.startswith(BASE_IRI) and not iri.startswith(BASE_IRI + "requirement/"):
            return iri[len(BASE_IRI) :]
        for name, namespace in prefixes:
            if iri.startswith(namespace) and name != "jfpid":
                return f"{name}:{iri[len(namespace) :]}"
        return iri

    by_subject: dict[str, list[ox.Quad]] = {}
    order: list[str] = []
    for quad in quads:
        key = str(quad.subject)
        if key not in by_subject:
            order.append(key)
        by_subject.setdefault(key, []).append(quad)
    emitted: set[str] = set()

    def literal(term: ox.Literal, definition: dict):
        datatype = term.datatype.value
        if term.language:
            if definition.get("@language", "").lower() == term.language:
                return term.value
            return {"@value": term.value, "@language": term.language}
        expected = _expand(definition.get("@type", ""), context) if definition.get("@type") != "@id" else ""
        if expected == dates.DATE and datatype in dates.PRECISIONS and dates.period(term.value, datatype):
            return term.value  # read back at the same precision ("2025" is a year, "2024/25" a financial year)
        if datatype == expected or (datatype == _XSD_STRING and not expected and "@language" not in definition):
            if datatype.endswith(("#decimal", "#integer", "#double")):
                return float(term.value) if datatype.endswith(("#decimal", "#double")) else int(term.value)
            if datatype.endswith("#boolean"):
                return term.value == "true"
            return term.value
        return {"@value": term.value, "@type": compact(datatype)}

    def node(key: str) -> dict:
        emitted.add(key)
        result: dict = {}
        if not key.startswith("_:"):
            result["id"] = compact(key[1:-1])
        grouped: dict[str, list] = {}
        for quad in by_subject.get(key, []):
            predicate = quad.predicate.value
            if predicate == _RDF_TYPE:
                grouped.setdefault("type", []).append(classes.get(quad.object.value, compact(quad.object.value)))
                continue
            name, definition = properties.get(predicate, (compact(predicate), {}))
            obj = quad.object
            if isinstance(obj, ox.Literal):
                value = literal(obj, definition)
            elif str(obj) in by_subject and str(obj) not in emitted:
                value = node(str(obj))
            elif isinstance(obj, ox.BlankNode):
                value = {"@id": str(obj)}
            elif definition.get("@type") == "@vocab" and obj.value in words:
                value = words[obj.value]
            else:
                iri = compact(obj.value)
                value = iri if definition.get("@type") == "@id" else {"id": iri}
            grouped.setdefault(name, []).append(value)
        for name, values in grouped.items():
            result[name] = values[0] if len(values) == 1 else values
        return result

    root_key = f"<{root}>"
    document: dict = {"@context": CONTEXT_IRI, **node(root_key)}
    rest = [node(key) for key in order if key not in emitted]
    if rest:
        document = {"@context": CONTEXT_IRI, "@graph": [{k: v for k, v in document.items() if k != "@context"}, *rest]}
    return document
