"""The app as bench/http.py serves it under gunicorn: the real app (settings from the environment, as
``wsgi.py``), plus ``/_floor``, a route answering "ok" through the same request hooks, the bare route
every page is compared with. It reads nothing from the database (no data version, no cache), as the
static files' routes: the floor is what any answer costs at the least."""

from tracker import create_app, freshness

app = create_app()
app.add_url_rule("/_floor", "bench_floor", lambda: "ok")
freshness.NOT_CACHED_ENDPOINTS.add("bench_floor")
