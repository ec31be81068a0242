"""The web API and pages: ``create_app(settings)`` builds the FastAPI application."""

from jfp_graph.web.app import create_app
from jfp_graph.web.settings import Settings

__all__ = ["create_app", "Settings"]
