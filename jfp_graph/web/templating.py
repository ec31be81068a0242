"""The pages' templates: Jinja, with a quicker way to read a key of the dicts the pages are made from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates

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


def page_templates(directory: Path, **page_globals: Any) -> Jinja2Templates:
    """The templates in ``directory``, escaped as HTML, with ``page_globals`` available to every one."""
    environment = PageEnvironment(loader=jinja2.FileSystemLoader(directory), autoescape=jinja2.select_autoescape())
    environment.globals.update(page_globals)
    return Jinja2Templates(env=environment)
