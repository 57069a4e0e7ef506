"""Logging to standard output: one line per record, with its time, level, process and logger.

The app, werkzeug (``flask run``) and gunicorn (``gunicorn.conf.py`` uses :data:`LOG_FORMAT` too) all
write there, so a process manager or container runtime collects one stream.
"""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"


def configure_logging() -> None:
    """Send records of level INFO and above to standard output in :data:`LOG_FORMAT`.

    Does nothing when the root logger already has a handler (gunicorn's ``logconfig_dict``, pytest, a
    program that embeds the app, or an app built before): each record is written once, never twice.
    Called at the start of ``create_app``, before Flask's ``app.logger`` exists, so Flask does not add
    its own handler (it adds one only where no handler would take the record).
    """
    logging.basicConfig(stream=sys.stdout, format=LOG_FORMAT, level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin at import


def log_to_stderr() -> None:
    """Move this process's log output from standard output to standard error, for a command that
    writes its data to standard output (``flask data export -``)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
            handler.setStream(sys.stderr)
