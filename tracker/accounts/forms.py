"""The forms of signing in and of managing accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..formfields import choices
from .users import password_problem


class SignInForm(FlaskForm):
    """Sign in with an email and a password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class UserForm(FlaskForm):
    """An admin adds an account."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired()],
        description=_l("At least 12 characters besides spaces, hard to guess: a phrase of unrelated words will do."),
    )

    def validate_password(self, field) -> None:
        problem = password_problem(field.data, self.email.data)
        if problem:
            raise ValidationError(problem)
    role = SelectField(
        _l("Role"),
        choices=choices([("editor", _l("Editor: enters and changes data")), ("admin", _l("Admin: also manages accounts"))]),
    )


class UserChangeForm(FlaskForm):
    """An admin changes an account's role, or closes or reopens it."""

    role = SelectField(_l("Role"), choices=choices([("editor", _l("Editor")), ("admin", _l("Admin"))]))
    active = BooleanField(_l("May sign in"))
