"""Accounts: creating users, checking passwords, roles.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile:
64 MiB of memory, 3 passes), a memory-hard function; a hash made with older parameters is replaced
at the next sign-in.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlmodel import Session

from .. import models

ROLES = ("editor", "admin")
MIN_PASSWORD = 12
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
@cache
def _hashers(profile: str) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    return hasher, hasher.hash("not a password of anyone")


def _profile() -> tuple[PasswordHasher, str]:
    """Argon2id with the app's parameters (``PASSWORD_HASH_PROFILE``, an ``argon2.profiles`` name):
    RFC 9106's second recommended profile unless the tests ask for the cheapest; and a hash of no
    one's password, checked when no account has the email so that a sign-in takes as long either way."""
    return _hashers(current_app.config.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"))


def _hasher() -> PasswordHasher:
    return _profile()[0]


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why ``password`` is refused for the account ``email``, or ``None``: at least 12 characters that
    show (spaces and invisible characters do not count), at most 1,000, not the email or its name,
    and not easy to guess by zxcvbn's estimate (a score of 3 of 4 at least: its dictionaries of
    common passwords, names, words, keyboard runs, repeats and dates, as Dropbox published it)."""
    shown = "".join(c for c in password if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc", "Mn"))
    if len(shown) < MIN_PASSWORD:
        return _l("A password needs at least %(count)s characters besides spaces.", count=MIN_PASSWORD)
    if len(password) > 1000:
        return _l("A password is at most 1,000 characters.")
    name = (email or "").split("@")[0].casefold()
    if email and (email.casefold() in password.casefold() or (len(name) >= 4 and name in password.casefold())):
        return _l("A password may not contain the account's email.")
    from zxcvbn import zxcvbn  # here, not with the module: its dictionaries take 12 MB in every worker

    if zxcvbn(password[:72], user_inputs=[email or "", name, "election", "tracker"])["score"] < 3:
        return _l("This password is too easy to guess: make it longer, or a phrase of unrelated words.")
    return None


def normalise_email(email: str) -> str:
    """``email`` trimmed and in lower case. Raises :class:`AccountError` if it is no address."""
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError(_l("%(email)r is not an email address.", email=email))
    return email


def create_user(session: Session, email: str, password: str, role: str) -> models.User:
    """Add an account. Raises :class:`AccountError` for a bad email, a weak password, an unknown role
    or an email already taken. Only flushes."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(_l("The role must be one of: %(roles)s.", roles=", ".join(ROLES)))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if find_user(session, email) is not None:
        raise AccountError(_l("An account for %(email)s exists already.", email=email))
    user = models.User(
        email=email, password_hash=_hasher().hash(password), role=role, created_at=dt.datetime.now(dt.UTC),
        session_token=new_session_token(),
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> models.User | None:
    """The account with this email (any case), or ``None``."""
    return session.scalar(select(models.User).where(func.lower(models.User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> models.User | None:
    """The active account with this email and password, or ``None``; rehashes an outdated hash."""
    user = find_user(session, email)
    try:
        _hasher().verify(user.password_hash if user else _profile()[1], password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def set_password(user: models.User, password: str) -> None:
    """Give ``user`` a new password. Raises :class:`AccountError` if it is too weak."""
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = _hasher().hash(password)


def new_session_token() -> str:
    """A fresh random token: sessions carrying another one are no longer signed in."""
    return secrets.token_urlsafe(32)


def can_edit(user) -> bool:
    """Whether ``user`` (a Flask-Login user, maybe anonymous) may change election data."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in ROLES


def is_admin(user) -> bool:
    """Whether ``user`` may manage accounts and revert changes."""
    return bool(getattr(user, "is_authenticated", False)) and user.role == "admin"
