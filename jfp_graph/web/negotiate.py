"""Content negotiation, one way for every view: the address's suffix first (``/id/icb/QRL.json``), then
``?format=``, then ``Accept``, among the formats the view offers; 406 naming them otherwise.

A view declares its formats with the ``offers(...)`` dependency and receives the chosen ``MediaFormat``.
``/sparql`` learns what it can offer (results or a graph) only once its query has run, so it calls
``negotiate`` itself; errors are negotiated the same way between JSON and HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Depends, HTTPException, Query, Request

from jfp_graph.media import HTML, JSON, MediaFormat, formats
from jfp_graph.web.links import split_representation

_WILDCARDS = ("*/*", "application/*", "text/*")
ERROR_FORMATS = (JSON, HTML)  # JSON unless the client prefers HTML


class NotAcceptable(ValueError):
    pass


def accepted(accept: str | None) -> list[tuple[str, float]]:
    """Media ranges from an Accept header, best first (stable for equal weights)."""
    ranges = []
    for position, part in enumerate((accept or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        weight = 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    weight = float(parameter[2:])
                except ValueError:
                    weight = 0.0
        ranges.append((pieces[0].lower(), weight, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, weight) for media, weight, _ in ranges if weight > 0]


def _names(offered: Sequence[MediaFormat]) -> str:
    return ", ".join(f.says for f in offered)


def choose(
    offered: Sequence[MediaFormat], accept: str | None, explicit: str | Sequence[str] | None = None
) -> MediaFormat:
    """The format to answer in: ``explicit`` (a suffix or ``?format=``) wins over ``accept``.

    ``explicit`` may be several words, as SPARQLWrapper sends them (``format=tsv&format=text/tab-separated-values``):
    the first that names an offered format wins; a word that is a media type (or a list of them) is read as
    ``Accept`` would be.
    """
    words = [explicit] if isinstance(explicit, str) else [w for w in explicit or () if w]
    for word in words:
        found = _named(offered, word.lower())
        if found is not None:
            return found
    if words:
        raise NotAcceptable(f"format '{words[0]}' is not offered here; choose one of: {_names(offered)}")
    return _accepted(offered, accept)


def _named(offered: Sequence[MediaFormat], word: str) -> MediaFormat | None:
    for candidate in offered:
        if candidate.named_by(word):
            return candidate
    if "/" in word:
        try:
            return _accepted(offered, word, wildcards=False)
        except NotAcceptable:
            return None
    return None


def _accepted(offered: Sequence[MediaFormat], accept: str | None, wildcards: bool = True) -> MediaFormat:
    for media, _ in accepted(accept):
        if media in _WILDCARDS and wildcards:
            return offered[0]
        for candidate in offered:
            if candidate.selected_by(media):
                return candidate
    raise NotAcceptable(f"none of the accepted media types ({accept}) is offered; offered: {_names(offered)}")


def _asked(request: Request) -> tuple[list[str], str | None]:
    """(the formats named by the address's suffix, else ``?format=`` (or a POSTed form's), the Accept header)."""
    _, suffix = split_representation(request.url.path)
    named = [suffix] if suffix else getattr(request.state, "formats", None) or request.query_params.getlist("format")
    return named, request.headers.get("accept")


def negotiate(request: Request, offered: Sequence[MediaFormat]) -> MediaFormat:
    """The format to answer ``request`` in, among ``offered`` (the first is the default); else a 406."""
    explicit, accept = _asked(request)
    try:
        return choose(offered, accept, explicit)
    except NotAcceptable as error:
        raise HTTPException(406, str(error)) from None


def offers(*names: str):
    """A dependency giving the view the format to answer in, among the formats ``names`` (the first is the default).

    It declares ``?format=`` too, so that each operation's documentation lists what it offers.
    """
    offered = formats(*names)
    words = [f.says for f in offered]
    described = (", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]) + "; overrides Accept"

    def negotiated(request: Request, format: str | None = Query(None, description=described)) -> MediaFormat:
        return negotiate(request, offered)

    return Depends(negotiated)


def prefers_html(request: Request) -> bool:
    """Whether to answer an error (or the bare ``/sparql`` address) with a page rather than JSON."""
    explicit, accept = _asked(request)
    try:
        return choose(ERROR_FORMATS, accept, explicit) is HTML
    except NotAcceptable:
        return False
