"""Responses compressed for the wire (Flask-Compress): brotli where the client accepts it, else gzip.

Pages (HTML), JSON (the API, its OpenAPI document, JSON downloads), CSV, the calendar feed, CSS and
JavaScript over :data:`MIN_SIZE` bytes are compressed; smaller ones are sent as they are (the
compression would cost more than it saves). What the client accepts is read from Accept-Encoding with
its q-values, by Werkzeug: ``gzip;q=0`` refuses gzip, ``*;q=0`` everything but what it names.

Flask-Compress chooses an algorithm itself, but takes ``q=0`` for a low preference rather than a
refusal; :func:`init_app` therefore shows it the one choice Werkzeug made. A response that is already
compressed (the vendored plotly.js and map outlines, compressed once per process) is left as it is.
"""

from __future__ import annotations

from flask import Flask, request
from flask_compress import Compress

ALGORITHMS = ("br", "gzip")  # in the server's order of preference at equal q-values
MIN_SIZE = 1024  # bytes: smaller responses are sent uncompressed

MIMETYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/calendar",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/problem+json",
    "application/vnd.oai.openapi+json",
    "application/atom+xml",
    "image/svg+xml",
]

compress = Compress()


def chosen_encoding() -> str | None:
    """The encoding this request's response gets if it is compressible: ``"br"``, ``"gzip"`` or
    None (the client accepts neither; q-values honoured, ``q=0`` refusing)."""
    return request.accept_encodings.best_match(ALGORITHMS)


def init_app(app: Flask) -> None:
    """Set up Flask-Compress (settings above; ``COMPRESS_*`` in the config may override them). The
    hook that compresses is registered by :func:`register`, where :mod:`tracker.freshness` puts it."""
    app.config.setdefault("COMPRESS_ALGORITHM", list(ALGORITHMS))
    # A streamed response would be compressed chunk by chunk, and its file left for the garbage
    # collector to close: static files are read whole first (they are small), others sent as they are.
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    # Brotli quality 4: a page of 90 KB in 0.7 ms rather than 1.2 ms at 5, for 6 % more bytes (pages are
    # compressed once, then served from the page cache as sent)
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config["COMPRESS_REGISTER"] = False  # registered below, behind Werkzeug's reading of q-values
    compress.init_app(app)


def register(app: Flask) -> None:
    """Register the hook that compresses each response (Flask-Compress's, shown Werkzeug's choice)."""

    @app.after_request
    def compressed(response):
        if response.is_streamed and request.endpoint == "static":
            response.direct_passthrough = False
            response.make_sequence()  # read whole; the file is closed with the response
        environ = request.environ
        accepted = environ.get("HTTP_ACCEPT_ENCODING")
        environ["HTTP_ACCEPT_ENCODING"] = chosen_encoding() or "identity"
        try:
            return compress.after_request(response)
        finally:
            if accepted is None:
                environ.pop("HTTP_ACCEPT_ENCODING", None)
            else:
                environ["HTTP_ACCEPT_ENCODING"] = accepted
