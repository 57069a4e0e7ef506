"""Review by a second editor, merged persons, and the history of changes to persons (issue 16).

``election.checked_version``/``checked_by``/``checked_at``: the version an editor other than the last
to change it checked against its sources. ``person.merged_into_id``: a person merged into another (the
old page redirects). ``personchange``: edits, merges and splits of persons, with what undoes them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'personchange',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('reverted_by', sa.Integer(), nullable=True),
        sa.CheckConstraint("action IN ('edit', 'merge', 'split', 'revert')", name='ck_person_change_action'),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('personchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personchange_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_personchange_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_personchange_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('checked_by', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_person_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key('fk_person_merged_into', 'person', ['merged_into_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint('fk_person_merged_into', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_person_merged_into_id'))
        batch_op.drop_column('merged_into_id')

    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
        batch_op.drop_column('checked_by')
        batch_op.drop_column('checked_version')

    with op.batch_alter_table('personchange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personchange_user_id'))
        batch_op.drop_index(batch_op.f('ix_personchange_person_id'))
        batch_op.drop_index(batch_op.f('ix_personchange_at'))

    op.drop_table('personchange')
