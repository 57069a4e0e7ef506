"""Each post's count of its elections, kept by triggers on ``election`` (tracker.counters): the home
page, the list of organisations and the API sum the posts' counts instead of counting every election
on each request (issue 19).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from tracker import counters

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds the column in place (ALTER TABLE ADD COLUMN), so the search index's triggers on
    # post stay.
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elections_count', sa.Integer(), server_default='0', nullable=False))
    counters.create_counters(op.get_bind())


def downgrade() -> None:
    counters.drop_counters(op.get_bind())
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('elections_count')
