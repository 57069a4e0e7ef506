"""Names of posts and regions per language; organisation aliases (issue 7).

Existing rows get empty names and aliases.

Revision ID: 0002
Revises: 0001
Created: 2026-12-01 04:35:46.188406
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('names')

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('names')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('aliases')

