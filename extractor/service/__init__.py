"""The HTTP API (FastAPI): ``create_app`` over a run store and a backend; ``extractor serve`` runs it."""

from extractor.service.app import create_app, run_server
from extractor.service.settings import MAX_ARTICLE_BYTES, ServiceSettings

__all__ = ["MAX_ARTICLE_BYTES", "ServiceSettings", "create_app", "run_server"]
