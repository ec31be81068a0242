"""Answers that depend only on the store's content, kept until the store changes, with ETags.

Pages, named-query results and SPARQL results are pure functions of the request and the store. This ASGI
middleware keeps each successful ``GET`` answer (keyed by path, the query parameters its route reads, and
``Accept``: ``?x=1`` changes no answer, so it cannot make the server compute one again) for the store
generation it was computed in; a write bumps the generation, which empties the cache, so nothing stale is
served after a PUT. Every kept answer carries a strong ``ETag`` (a hash of the body) and ``Cache-Control:
no-cache`` so clients revalidate, and ``If-None-Match`` gets a bodiless 304.

Requests for an answer that another request is already computing wait for that one instead of computing
it again (a popular page just after a write would otherwise be computed once per waiting client).

An endpoint opts an answer out with ``Cache-Control: no-store`` (e.g. a query calling ``NOW()``); answers
that manage their own validators (static files: they send an ETag already) and streamed answers pass through.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

NO_STORE = "no-store"


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]  # with the ETag and Cache-Control already added
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    if if_none_match is None:
        return False
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags


class KeptAnswers:
    """A bounded LRU of answers for the current store generation (used from the event loop only)."""

    def __init__(self, generation: Callable[[], int], max_bytes: int) -> None:
        self.generation = generation
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8  # one answer may not push out most of the others
        self.entries: OrderedDict[tuple, Kept] = OrderedDict()
        self.size = 0
        self._kept_generation = generation()

    def current(self) -> int:
        """The store generation now; answers kept for an earlier one are dropped."""
        now = self.generation()
        if now != self._kept_generation:
            self.entries.clear()
            self.size = 0
            self._kept_generation = now
        return now

    def get(self, key: tuple) -> Kept | None:
        self.current()
        kept = self.entries.get(key)
        if kept is not None:
            self.entries.move_to_end(key)
        return kept

    @staticmethod
    def cost(key: tuple, kept: Kept) -> int:
        """Bytes an entry holds: the answer and its key (a query string can be long)."""
        return kept.size + sum(len(part) for part in key)

    def put(self, key: tuple, kept: Kept, generation: int) -> None:
        """Keep ``kept``, computed from the store as of ``generation``, if that is still the store now."""
        if self.current() != generation or self.cost(key, kept) > self.max_entry:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= self.cost(key, old)
        self.entries[key] = kept
        self.size += self.cost(key, kept)
        while self.size > self.max_bytes:
            dropped_key, dropped = self.entries.popitem(last=False)
            self.size -= self.cost(dropped_key, dropped)


def used_query(query_string: bytes, used: Collection[str] | None) -> bytes:
    """The query string with only the parameters in ``used`` (all of them when ``used`` is None)."""
    if used is None or not query_string:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return urlencode([(name, value) for name, value in pairs if name in used]).encode("latin-1")


class ResponseCache:
    """ASGI middleware answering repeated GETs from ``answers`` and keeping new successful ones there.

    ``parameters(scope)`` names the query parameters the request's route reads (None: not known, keep all).
    """

    def __init__(self, app, answers: KeptAnswers, parameters: Callable[[dict], Collection[str] | None]) -> None:
        self.app = app
        self.answers = answers
        self.parameters = parameters
        # Answers being computed now, by key and generation: the kept answer, or None if it cannot be kept.
        self.computing: dict[tuple, asyncio.Future[Kept | None]] = {}

    # -- ASGI ----------------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or self.answers.max_bytes <= 0:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        query = used_query(scope.get("query_string", b""), self.parameters(scope))
        key = (scope["path"], query, headers.get(b"accept", b""))
        if_none_match = headers.get(b"if-none-match")
        kept = self.answers.get(key)
        if kept is not None:
            return await _answer(send, kept, _matches(if_none_match, kept.etag))
        # Read before the answer is computed: a write landing meanwhile makes it unfit to keep.
        generation = self.answers.current()
        underway = self.computing.get((key, generation))
        if underway is not None:
            shared = await asyncio.shield(underway)
            if shared is not None:
                return await _answer(send, shared, _matches(if_none_match, shared.etag))
            return await self.app(scope, receive, send)  # an error or an unkeepable answer: ask afresh
        computed = self.computing[(key, generation)] = asyncio.get_running_loop().create_future()
        start: dict | None = None

        async def keep(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message  # held until the body is known, to add the ETag
                return
            if start is None:  # the start was sent already: a streamed answer
                return await send(message)
            held, start = start, None
            body = message.get("body", b"")
            cacheable = held["status"] == 200 and not message.get("more_body", False)
            response_headers = list(held.get("headers", []))
            names = {k.lower(): v for k, v in response_headers}
            if not cacheable or b"etag" in names or NO_STORE.encode() in names.get(b"cache-control", b""):
                await send(held)
                return await send(message)
            etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
            response_headers = [(k, v) for k, v in response_headers if k.lower() != b"cache-control"]
            response_headers += [(b"etag", etag), (b"cache-control", b"no-cache"), (b"vary", b"Accept")]
            fresh = Kept(held["status"], response_headers, body, etag)
            self.answers.put(key, fresh, generation)
            computed.set_result(fresh)  # as fresh for the waiting requests as their own would have been
            await _answer(send, fresh, _matches(if_none_match, etag))

        try:
            await self.app(scope, receive, keep)
        finally:
            del self.computing[(key, generation)]
            if not computed.done():
                computed.set_result(None)


async def _answer(send, kept: Kept, not_modified: bool) -> None:
    if not_modified:
        headers = [(k, v) for k, v in kept.headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        return await send({"type": "http.response.body", "body": b""})
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
    await send({"type": "http.response.body", "body": kept.body})
