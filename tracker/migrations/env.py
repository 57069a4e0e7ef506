"""Alembic's environment for the tracker's migrations.

Run through ``flask db ...`` (:mod:`tracker.migrations`): the app's engine arrives as
``config.attributes["connection"]``, so the database is the one the app is configured for
(``DATABASE_URL``). SQLite alters tables by copying them ("batch" mode), so migrations run in batch mode
there.
"""

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from tracker import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from tracker.migrations import include_object


def render_item(kind, item, _autogen_context):
    """Write SQLModel's column types as plain SQLAlchemy ones, so migrations do not depend on them."""
    if kind == "type" and isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
