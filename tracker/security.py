"""What every response and request is held to: security headers (a content security policy that
runs only the app's own scripts, no framing but for the embeddable chart), signed cookie sessions
marked Secure over https, the key that signs them, links that can never run script, and the refusal
of NUL characters in any field."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import Flask, abort, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from .i18n import N_

SERVER_HEADER = "election-tracker"  # the Server header of every response (gunicorn.conf.py sends it too)

# plotly.js sets style attributes on what it draws, hence 'unsafe-inline' for styles only; scripts
# come from this site alone, and none is inline.
EMBEDDABLE = {"elections.embed_chart"}  # pages any site may frame: the chart to embed
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)

def instance_secret(path: Path) -> str:
    """The key that signs sessions and CSRF tokens when none is configured: made at random the first
    time, kept in ``instance/secret_key`` (readable by the owner only), so sessions survive restarts
    and nobody can guess it."""
    key = path.read_text().strip() if path.exists() else ""
    if key:
        return key
    # Written whole to a file of its own, then linked into place: a process starting at the same
    # moment reads either nothing (and makes one) or a whole key, the first linked.
    fresh = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_hex(32))
    try:
        if path.exists() and not path.read_text().strip():
            path.unlink()  # left empty by a crash
        os.link(fresh, path)
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
    return path.read_text().strip()


def web_address(url: str | None) -> str:
    """``url`` if it is an http(s) address, else ``"#"``: a stored link can never run script."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else "#"


class SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions, marked ``Secure`` whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure)




def init_app(app: Flask) -> None:
    """Signed sessions, the headers of every response, the refusal of NUL characters, and the
    ``web_address`` filter that templates put stored links through."""
    app.session_interface = SessionInterface()
    app.add_template_filter(web_address)

    @app.after_request
    def security_headers(response):
        """Only the app's own scripts run (no inline script); no other site may frame a page, except
        a chart to embed (:data:`EMBEDDABLE`: by endpoint, so a page answered from the page cache says
        the same); no version of anything is told."""
        ancestors = "*" if request.endpoint in EMBEDDABLE else "'none'"
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + f"; frame-ancestors {ancestors}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if ancestors == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Server"] = SERVER_HEADER  # instead of the server's name and version
        return response

    @app.before_request
    def refuse_null_characters():
        """NUL characters mean nothing in any field here, and PostgreSQL cannot store them."""
        values = [request.path, *request.args.keys(), *request.form.keys()]
        values += [v for _, v in request.args.items(multi=True)] + [v for _, v in request.form.items(multi=True)]
        if any("\x00" in value for value in values):
            abort(400, description=N_("The request contains a NUL character (\\x00), which no field accepts."))
