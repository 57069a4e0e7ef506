"""The app's pages, one Blueprint per area, and what their views share."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request


def url_with(name: str, value: str | None) -> str:
    """This request's URL with the query parameter ``name`` set to ``value`` (dropped for ``None``),
    every other parameter kept, repeated ones too: a download, a language, a page of the same view."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != name]
    if value is not None:
        args.append((name, value))
    return f"{request.path}?{urlencode(args)}" if args else request.path
