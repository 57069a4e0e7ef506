"""The data version: one counter every write raises, under which pages are cached (issue 19).

Revision ID: 0005
Revises: 0004
"""

import time

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    # Starts from the time, not 1: a database made anew never shows a version a cache may hold pages of.
    op.bulk_insert(table, [{'id': 1, 'version': int(time.time())}])


def downgrade() -> None:
    op.drop_table('data_version')
