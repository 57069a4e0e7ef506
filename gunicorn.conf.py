"""gunicorn settings for the tracker: ``gunicorn -c gunicorn.conf.py wsgi:app`` (``make serve``).

Environment: ``HOST`` and ``PORT`` (default 127.0.0.1:8000), ``WEB_CONCURRENCY`` (worker processes),
``GUNICORN_THREADS`` (threads per worker), plus the app's own settings (``DATABASE_URL``, ``SECRET_KEY``...).
With several workers, set ``SECRET_KEY`` (or let the first start write ``instance/secret_key``, which
every worker then reads) so that a session signed by one worker is valid in the others.
"""

import os

from gunicorn.http import wsgi as _gunicorn_wsgi

from tracker.logs import LOG_FORMAT
from tracker.security import SERVER_HEADER

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Processes: the common 2 x cores + 1, at most 8 (each holds the app, ~100 MB, and a sign-in's Argon2
# hash takes 64 MiB more for a moment); WEB_CONCURRENCY overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 8))

# gthread, not sync: a sync worker is busy for as long as one client takes to send its request and read
# the response, and cannot keep connections alive, so it needs a buffering proxy (nginx) in front; a
# gthread worker keeps idle keep-alive connections in its poller and serves requests on a few threads,
# which also overlap the time a request spends waiting for the database (the GIL is released then).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
keepalive = 5  # seconds an idle keep-alive connection is kept

timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 20  # on restart or stop, requests under way get this long to finish

# Logs: access and errors on standard output, one line each, with time and level, in the same format
# as the app's own records (tracker.logs); the app's records reach the same handler through the root
# logger, so nothing is written twice.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s bytes %(M)s ms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": LOG_FORMAT}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}

# Proxies: the app alone decides whom to believe (TRUSTED_PROXIES, werkzeug's ProxyFix); gunicorn's
# default would also take X-Forwarded-Proto from 127.0.0.1 for the request's scheme.
forwarded_allow_ips = ""

# No control socket: nothing here uses gunicornc, and its default path ($XDG_RUNTIME_DIR or ~/.gunicorn)
# is shared by every gunicorn the user runs, so a second instance (tests, the load test) would collide.
control_socket_disable = True


# gunicorn drops a Server header set by the app (it treats it like a hop-by-hop header) and writes its
# own, "Server: gunicorn". Have it write the app's instead (tracker.security.SERVER_HEADER, what the app sets under
# other servers): exactly one Server header, naming neither the server nor a version. gunicorn's own
# error pages (400 for a malformed request...) carry none.
_gunicorn_wsgi.SERVER = SERVER_HEADER


def post_worker_init(worker):
    """Each worker compresses the vendored files (plotly.js, map outlines) as it starts, not for its
    first reader (tracker.vendor.compress_all)."""
    from tracker import vendor

    vendor.compress_all()
