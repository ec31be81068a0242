"""The web API and pages: ``create_app(settings)`` builds the FastAPI application.

Both names are imported on first use: each query worker (``python -m jfp_graph.web.worker``) imports this
package too, and starts faster without FastAPI and the rest of the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jfp_graph.web.app import create_app
    from jfp_graph.web.settings import Settings

__all__ = ["create_app", "Settings"]


def __getattr__(name: str):
    if name == "create_app":
        from jfp_graph.web.app import create_app

        return create_app
    if name == "Settings":
        from jfp_graph.web.settings import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
