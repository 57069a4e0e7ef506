"""Signing in and out (Flask-Login), and account management for admins.

Anyone may read. Changing election data needs an editor or admin (:func:`editor_required`); managing
accounts and reverting changes needs an admin (:func:`admin_required`). The sign-in form is
rate-limited (Flask-Limiter): 5 failed attempts a minute and 100 a day per address (not per account,
so that nobody can lock an editor out by failing on purpose with their email; a successful sign-in
does not count, so an office of editors behind one address signs in freely). The counts are shared
by every worker when ``RATELIMIT_STORAGE_URI`` names a Redis.
"""

from __future__ import annotations

import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy import func, select

from .. import models, records
from ..db import get_session
from ..extensions import limiter, login_manager
from ..i18n import N_
from . import users as accounts
from .forms import SignInForm, UserChangeForm, UserForm

bp = Blueprint("accounts", __name__)


class SignedIn(UserMixin):
    """The signed-in user, as the request sees it: id, email and role (no database object).

    The session holds ``<id>:<session token>``; signing out changes the account's token, so a copy of
    an old session cookie no longer signs anyone in.
    """

    def __init__(self, user: models.User):
        self.id, self.email, self.role, self.token = user.id, user.email, user.role, user.session_token

    def get_id(self) -> str:
        return f"{self.id}:{self.token}"


@login_manager.user_loader
def load_user(session_id: str) -> SignedIn | None:
    """The account in the session cookie, if it still exists, may sign in, and has not signed out."""
    user_id, _, token = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit()) or int(user_id) > models.MAX_ID:
        return None
    user = get_session().get(models.User, int(user_id))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return SignedIn(user)


def _requires(allowed, refusal: str | None):
    """A view decorator: anonymous users are sent to sign in; signed-in users for whom ``allowed``
    is false are refused (403, with ``refusal``)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not allowed(current_user):
                abort(403, description=refusal)
            return view(*args, **kwargs)

        return wrapped

    return decorator


editor_required = _requires(accounts.can_edit, None)
editor_required.__doc__ = "Only editors and admins may use the view."
admin_required = _requires(accounts.is_admin, N_("Only an admin may do this."))  # error.html translates it
admin_required.__doc__ = "Only admins may use the view."


def actor() -> records.Actor:
    """The signed-in user, as the author of a change in the audit history."""
    return records.Actor(current_user.email, current_user.id)


def _safe_next(target: str | None) -> str:
    """A page of this site to go to after signing in: a path, never another host."""
    # "//host" and "/\\host" are other hosts to a browser.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and not urlsplit(target).netloc:
        return target
    return url_for("elections.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("5 per minute; 100 per day", methods=["POST"], deduct_when=lambda response: response.status_code != 302)
def sign_in():
    """The sign-in form; on success, back to the page that asked for it."""
    form = SignInForm()
    if form.validate_on_submit():
        session = get_session()
        user = accounts.authenticate(session, form.email.data, form.password.data)
        if user is not None:
            session.commit()  # a rehashed password
            flask_session.pop("csrf_token", None)  # a token from before signing in is not carried over
            login_user(SignedIn(user))
            flash(_("Signed in as %(email)s.", email=user.email))
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("The email or the password is wrong, or the account is closed."))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST with the CSRF token, so no other site can sign anyone out), everywhere: the
    account's session token changes, so copies of the session cookie are signed out too."""
    if current_user.is_authenticated:
        session = get_session()
        user = session.get(models.User, current_user.id)
        if user is not None:
            user.session_token = accounts.new_session_token()
            session.commit()
    logout_user()
    flask_session.clear()
    flash(_("Signed out."))
    return redirect(url_for("elections.home"))


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """Every account, and the form to add one."""
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(session, form.email.data, form.password.data, form.role.data)
        except accounts.AccountError as error:
            session.rollback()
            form.form_errors.append(str(error))
        else:
            session.commit()
            flash(_("Account created: %(email)s (%(role)s).", email=user.email, role=user.role))
            return redirect(url_for(".users"))
    everyone = session.scalars(select(models.User).order_by(models.User.email)).all()
    changes = {u.id: UserChangeForm(prefix=f"u{u.id}", role=u.role, active=u.active) for u in everyone}
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/users.html", form=form, users=everyone, changes=changes), status


@bp.post("/users/<int:user_id>")
@admin_required
def change_user(user_id: int):
    """Change an account's role or whether it may sign in. An admin cannot demote or close their own."""
    session = get_session()
    user = session.get(models.User, user_id) if user_id <= models.MAX_ID else None
    if user is None:
        abort(404, description=f"No account has the id {user_id}.")
    form = UserChangeForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        abort(400, description="; ".join(e for errors in form.errors.values() for e in errors))
    if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
        flash(_("You cannot demote or close your own account; ask another admin."))
        return redirect(url_for(".users"))
    stays_admin = form.role.data == "admin" and form.active.data
    if user.role == "admin" and not stays_admin:
        others = session.scalar(
            select(func.count()).select_from(models.User)
            .where(models.User.role == "admin", models.User.active, models.User.id != user.id)
        )
        if not others:
            flash(_("At least one admin must remain."))
            return redirect(url_for(".users"))
    user.role, user.active = form.role.data, form.active.data
    session.commit()
    flash(_("%(email)s: %(role)s, may sign in.", email=user.email, role=user.role) if user.active else _("%(email)s: %(role)s, closed.", email=user.email, role=user.role))
    return redirect(url_for(".users"))


def init_app(app) -> None:
    """``can_edit``/``is_admin`` for templates (the extensions are bound by tracker.extensions)."""

    @app.context_processor
    def _roles():
        return {"can_edit": accounts.can_edit(current_user), "is_admin": accounts.is_admin(current_user)}
