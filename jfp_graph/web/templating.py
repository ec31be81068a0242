"""The pages' templates: Jinja, with a quicker way to read a key of the dicts the pages are made from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(jinja2.Environment):
    """Jinja's environment, reading ``d.key`` of a dict as Jinja does, only sooner.

    Jinja reads ``d.key`` by asking for the attribute first and, when that raises, for the item: one raised
    and caught exception for every key a page shows, a third of the time a plan page takes to render. A dict
    has no attributes but its methods, so for any other name the item is all Jinja would find.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_MISSING = object()


def _field(value: Any, name: str) -> Any:
    if type(value) is dict:
        return value.get(name, _MISSING)
    return getattr(value, name, _MISSING)


def _first(*values: Any) -> Any:
    """What Jinja's ``a or b or c`` gives: the first true value, else the last."""
    for value in values[:-1]:
        if value and value is not _MISSING:
            return value
    return values[-1]


def _text(value: Any) -> str:
    """A value as ``{{ value }}`` writes it: escaped; nothing for a key the dict does not have."""
    return "" if value is _MISSING else escape(value)


def term(t: Any) -> Markup:
    """An RDF term as the pages show it (as ``describe`` gives it): a link to its page, or out to an IRI the
    site does not hold; a blank node; a literal, with its language."""
    if t is None:
        return Markup("")
    href, iri = _field(t, "href"), _field(t, "iri")
    if href and href is not _MISSING:
        label = _first(_field(t, "label"), _field(t, "title"), _field(t, "name"), iri)
        return Markup(f'<a href="{_text(href)}">{_text(label)}</a>')
    if iri and iri is not _MISSING:
        return Markup(f'<a href="{_text(iri)}" rel="external">{_text(_first(_field(t, "label"), iri))}</a>')
    bnode = _field(t, "bnode")
    if bnode and bnode is not _MISSING:
        return Markup(f'<span class="bnode">_:{_text(bnode)}</span>')
    lang = _field(t, "lang")
    written = _text(_field(t, "value"))
    return Markup(f"{written} <small>@{_text(lang)}</small>" if lang and lang is not _MISSING else written)


def link(x: Any, text: Any = None) -> Markup:
    """A link to a resource's page, with ``text`` or the resource's title, label, name or IRI as its text."""
    if not x or x is _MISSING:
        return Markup("")
    href, iri = _field(x, "href"), _field(x, "iri")
    if href and href is not _MISSING:
        shown = _first(text, _field(x, "title"), _field(x, "label"), _field(x, "name"), iri)
        return Markup(f'<a href="{_text(href)}">{_text(shown)}</a>')
    return Markup(_text(_first(text, iri)))


def page_templates(directory: Path, **page_globals: Any) -> Jinja2Templates:
    """The templates in ``directory``, escaped as HTML, with ``page_globals`` and the ``term`` and ``link``
    functions available to every one. (Written in Python, not as Jinja macros: a plan page shows thousands of
    terms, and a macro call costs several times a function's.)"""
    environment = PageEnvironment(loader=jinja2.FileSystemLoader(directory), autoescape=jinja2.select_autoescape())
    environment.globals.update(page_globals, term=term, link=link)
    return Jinja2Templates(env=environment)
