"""What the sources report of the outcome, for/against rounds, each election's term (issues 13, 14).

``election.elected_reported``: the sources say who was elected, possibly no one (``reported_elected:
[]``), as opposed to saying nothing of it. Existing elections get it where a candidacy is reported
elected (before this revision an empty report could not be told from none).
``round.for_against``: members voted for or against each nominee, so an unknown ``against`` is a
figure not given, not an absent one. Existing rounds get it where a vote against is recorded.
``election.term_years``: the term its record gives (a post's term may change over the years: the
IOC President's 8 then 4 years); existing elections get their post's.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elected_reported', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('term_years', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('ck_election_term_years', 'term_years IS NULL OR term_years >= 1')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('for_against', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE election SET elected_reported = TRUE WHERE EXISTS "
        "(SELECT 1 FROM candidacy WHERE candidacy.election_id = election.id AND candidacy.reported_elected)"
    )
    op.execute("UPDATE election SET term_years = (SELECT post.term_years FROM post WHERE post.id = election.post_id)")
    op.execute(
        'UPDATE "round" SET for_against = TRUE WHERE EXISTS '
        '(SELECT 1 FROM roundvote WHERE roundvote.round_id = "round".id AND roundvote.against IS NOT NULL)'
    )


def downgrade() -> None:
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_column('for_against')
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_constraint('ck_election_term_years', type_='check')
        batch_op.drop_column('term_years')
        batch_op.drop_column('elected_reported')
