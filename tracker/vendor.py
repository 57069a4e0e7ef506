"""plotly.js, served by the app itself: no CDN, so pages work offline.

The bundle comes from the ``plotly`` Python package (pinned in requirements.txt). Its URL carries the
plotly.js version, so browsers may cache it for a year; it is sent gzip-compressed to browsers that
accept it, compressed once per process.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from flask import Flask, Response, abort, request, url_for
from plotly.offline import get_plotlyjs_version

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def _bundle() -> tuple[bytes, bytes]:
    raw = resources.files("plotly").joinpath("package_data/plotly.min.js").read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0)


def plotly_js(version: str) -> Response:
    """``GET /vendor/plotly-<version>.min.js``: the bundle, compressed where accepted, cached a year."""
    if version != get_plotlyjs_version():
        abort(404)
    raw, compressed = _bundle()
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(compressed if accepts_gzip else raw, mimetype="text/javascript")
    if accepts_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    """Register the route and ``plotly_js_url`` for templates."""
    app.add_url_rule("/vendor/plotly-<version>.min.js", "plotly_js", plotly_js)

    @app.context_processor
    def _urls():
        return {"plotly_js_url": lambda: url_for("plotly_js", version=get_plotlyjs_version())}
