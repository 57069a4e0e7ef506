"""The search index: organisations' and posts' searchable text, and an index of every name (issue 19).

Every name by substring: SQLite FTS5 tables with the trigram tokenizer, kept equal to the rows by
triggers; PostgreSQL's pg_trgm GIN indexes (tracker.searchindex).

On SQLite, a later migration that copies ``organisation``, ``post`` or ``person`` (batch mode) drops
their triggers with the old table: it must call ``searchindex.create_index`` again.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from tracker import searchindex

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(), server_default='', nullable=False))
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(), server_default='', nullable=False))
    connection = op.get_bind()
    searchindex.refresh(connection)
    searchindex.create_index(connection)


def downgrade() -> None:
    searchindex.drop_index(op.get_bind())
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('search_text')
