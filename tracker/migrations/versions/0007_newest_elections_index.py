"""An index of elections newest first (sort date descending, then record id), the order of the latest
results and of the elections list: a page of them is read off it, not sorted from every election; and
no index of candidacies' outcomes, whose few values each hold thousands of rows: SQLite chose it over
the election's own index and read every winner to find eight; and a partial index of the scheduled
elections, the few the home page and /upcoming list (issue 19).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_election_newest', 'election', [sa.text('sort_date DESC'), 'record_id'], unique=False)
    op.drop_index('ix_candidacy_outcome', table_name='candidacy')
    scheduled = sa.text("status = 'scheduled'")
    op.create_index(
        'ix_election_scheduled', 'election', ['sort_date', 'record_id'], unique=False,
        sqlite_where=scheduled, postgresql_where=scheduled,
    )


def downgrade() -> None:
    op.drop_index('ix_election_scheduled', table_name='election')
    op.create_index('ix_candidacy_outcome', 'candidacy', ['outcome'], unique=False)
    op.drop_index('ix_election_newest', table_name='election')
