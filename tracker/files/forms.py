"""The forms of the Import page: a file to upload, and the confirmation of a previewed import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField

from ..formfields import choices


class UploadForm(FlaskForm):
    """A data file to import."""

    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file.")), FileAllowed(["json", "csv"], _l("A .json or .csv file, please."))],
    )
    format = SelectField(
        _l("Format"), choices=choices([("", _l("from the file name")), ("json", "JSON"), ("csv", "CSV")]), default=""
    )


class ConfirmImportForm(FlaskForm):
    """Confirms a previewed import (the CSRF token is the point)."""
