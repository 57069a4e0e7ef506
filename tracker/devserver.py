"""The server ``make run`` starts: Werkzeug's development server (what ``flask run`` uses), sending one
``Server`` header, the app's (:data:`tracker.security.SERVER_HEADER`), rather than its own as well.

Run as ``python -m tracker.devserver --host 127.0.0.1 --port 5000``. For production, ``make serve``
runs gunicorn (gunicorn.conf.py).
"""

from __future__ import annotations

import argparse

from werkzeug.serving import WSGIRequestHandler, run_simple


class OneServerHeader(WSGIRequestHandler):
    """Werkzeug's request handler without the ``Server`` header it adds: the app sends its own."""

    def send_response(self, code: int, message: str | None = None) -> None:
        # as http.server.BaseHTTPRequestHandler.send_response, less the Server header
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def main(argv: list[str] | None = None) -> None:
    """Serve the app on ``--host`` and ``--port`` (127.0.0.1:5000), one thread per request."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    arguments = parser.parse_args(argv)
    from wsgi import app

    run_simple(arguments.host, arguments.port, app, threaded=True, request_handler=OneServerHeader)


if __name__ == "__main__":
    main()
