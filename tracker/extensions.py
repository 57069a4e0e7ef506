"""The Flask extensions, made here once and bound to the app by :func:`init_app`: CSRF protection
(Flask-WTF), sessions of signed-in users (Flask-Login), the sign-in rate limit (Flask-Limiter) and the
interface's languages (Flask-Babel)."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.sign_in"
login_manager.login_message = "Sign in as an editor to change election data."
# storage: the app's RATELIMIT_STORAGE_URI; a Redis that cannot be reached lets requests through
# (the limit is a brake on guessing, not a reason to refuse every sign-in) and says so in the log
limiter = Limiter(get_remote_address, default_limits=[], swallow_errors=True)
babel = Babel()


def init_app(app: Flask) -> None:
    """Bind CSRF protection, sessions and the rate limiter to ``app`` (Babel: :func:`tracker.i18n.init_app`,
    which gives it the language chooser)."""
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
