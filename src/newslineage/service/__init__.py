"""The HTTP service and its web page: an adapter over ``newslineage.index``.

``create_app`` builds the FastAPI application (the ``service`` extra);
``run`` serves it with uvicorn. Importing this package does not import FastAPI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newslineage.errors import MissingExtra

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(folder: Path, *, api_key: str | None = None, max_bytes: int = 2_000_000) -> FastAPI:
    """The application over the index in ``folder`` (see ``service.app``)."""
    try:
        from newslineage.service.app import build
    except ImportError as exc:
        raise MissingExtra("the HTTP service", "service", "fastapi") from exc
    return build(folder, api_key=api_key, max_bytes=max_bytes)


def api_key_from(key_file: str | None) -> str | None:
    """The write key: the file's content when given, else NEWSLINEAGE_API_KEY."""
    import os

    if key_file:
        return Path(key_file).read_text(encoding="utf-8").strip() or None
    return os.environ.get("NEWSLINEAGE_API_KEY") or None


def run(folder: Path, *, host: str = "127.0.0.1", port: int = 8000, key_file: str | None = None) -> None:
    """Serve the index until interrupted (the library call behind ``newslineage serve``)."""
    app = create_app(folder, api_key=api_key_from(key_file))
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtra("the HTTP service", "service", "uvicorn") from exc
    uvicorn.run(app, host=host, port=port, log_level="warning")
