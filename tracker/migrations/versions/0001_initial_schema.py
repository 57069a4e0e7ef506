"""The schema as `flask init-db` made it before migrations existed (the tracker at stop 10).

Revision ID: 0001
Revises: 
Created: 2026-12-01 04:33:34.545315
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.CheckConstraint("role IN ('editor', 'admin')", name='ck_user_role'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('founded', sa.Integer(), nullable=True),
    sa.Column('members', sa.Integer(), nullable=True),
    sa.CheckConstraint('members IS NULL OR members >= 0', name='ck_organisation_members_non_negative'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('acronym')
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=True),
    sa.Column('search_text', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('auditentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.CheckConstraint("action IN ('create', 'update', 'delete')", name='ck_audit_action'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditentry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditentry_user_id'), ['user_id'], unique=False)

    op.create_table('region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'name', name='uq_region_name')
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('term_years', sa.Integer(), nullable=True),
    sa.CheckConstraint('seats >= 1', name='ck_post_seats'),
    sa.CheckConstraint('term_years IS NULL OR term_years >= 1', name='ck_post_term_years'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'title', 'region_id', name='uq_post_title')
    )
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_region_id'), ['region_id'], unique=False)

    op.create_table('election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=120), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False),
    sa.Column('session', sa.String(length=300), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('sort_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('city', sa.String(length=200), nullable=True),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('electorate', sa.Integer(), nullable=True),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('quota', sa.String(length=20), nullable=True),
    sa.Column('base', sa.String(length=20), nullable=True),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('unnamed_candidates', sa.Integer(), nullable=True),
    sa.Column('rounds_held', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('related', sa.JSON(), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=True),
    sa.Column('decided', sa.Boolean(), nullable=False),
    sa.Column('rounds_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(quota IS NULL) = (base IS NULL)', name='ck_election_rule_whole'),
    sa.CheckConstraint('electorate IS NULL OR electorate >= 0', name='ck_election_electorate_non_negative'),
    sa.CheckConstraint('rounds_held IS NULL OR rounds_held >= 1', name='ck_election_rounds_held'),
    sa.CheckConstraint('seats >= 1', name='ck_election_seats'),
    sa.CheckConstraint('unnamed_candidates IS NULL OR unnamed_candidates >= 0', name='ck_election_unnamed_candidates_non_negative'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('record_id')
    )
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_election_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_election_sort_date'), ['sort_date'], unique=False)

    op.create_table('candidacy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('nominated_by', sa.String(length=300), nullable=True),
    sa.Column('affiliation', sa.String(length=500), nullable=True),
    sa.Column('declared', sa.Boolean(), nullable=False),
    sa.Column('reported_elected', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('elected_round', sa.Integer(), nullable=True),
    sa.Column('final_votes', sa.Integer(), nullable=True),
    sa.Column('final_share', sa.Float(), nullable=True),
    sa.Column('margin', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'key', name='uq_candidacy_key'),
    sa.UniqueConstraint('election_id', 'person_id', name='uq_candidacy_person')
    )
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacy_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidacy_election_id'), ['election_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidacy_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidacy_person_id'), ['person_id'], unique=False)

    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('quota', sa.String(length=20), nullable=True),
    sa.Column('base', sa.String(length=20), nullable=True),
    sa.Column('electorate', sa.Integer(), nullable=True),
    sa.Column('ballots_cast', sa.Integer(), nullable=True),
    sa.Column('invalid', sa.Integer(), nullable=True),
    sa.Column('abstentions', sa.Integer(), nullable=True),
    sa.Column('present_and_voting', sa.Integer(), nullable=True),
    sa.Column('required_majority', sa.Integer(), nullable=True),
    sa.Column('share_of', sa.String(length=20), nullable=False),
    sa.Column('standing', sa.JSON(), nullable=True),
    sa.Column('withdrawn', sa.JSON(), nullable=False),
    sa.Column('eliminated', sa.JSON(), nullable=False),
    sa.Column('decided_by_lot', sa.JSON(), nullable=False),
    sa.Column('derived', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('disputed', sa.JSON(), nullable=False),
    sa.Column('notes', sa.String(), nullable=True),
    sa.CheckConstraint('(quota IS NULL) = (base IS NULL)', name='ck_round_rule_whole'),
    sa.CheckConstraint('abstentions IS NULL OR abstentions >= 0', name='ck_round_abstentions_non_negative'),
    sa.CheckConstraint('ballots_cast IS NULL OR ballots_cast >= 0', name='ck_round_ballots_cast_non_negative'),
    sa.CheckConstraint('electorate IS NULL OR electorate >= 0', name='ck_round_electorate_non_negative'),
    sa.CheckConstraint('invalid IS NULL OR invalid >= 0', name='ck_round_invalid_non_negative'),
    sa.CheckConstraint('number >= 1', name='ck_round_number'),
    sa.CheckConstraint('present_and_voting IS NULL OR present_and_voting >= 0', name='ck_round_present_and_voting_non_negative'),
    sa.CheckConstraint('required_majority IS NULL OR required_majority >= 0', name='ck_round_required_majority_non_negative'),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'number', name='uq_round_number')
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_election_id'), ['election_id'], unique=False)

    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('publisher', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=35), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('accessed', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'url', name='uq_source_url')
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_election_id'), ['election_id'], unique=False)

    op.create_table('roundvote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('candidacy_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('share', sa.Float(), nullable=True),
    sa.Column('against', sa.Integer(), nullable=True),
    sa.CheckConstraint('against IS NULL OR against >= 0', name='ck_round_vote_against_non_negative'),
    sa.CheckConstraint('share IS NULL OR (share >= 0 AND share <= 100)', name='ck_round_vote_share'),
    sa.CheckConstraint('votes IS NULL OR votes >= 0', name='ck_round_vote_votes_non_negative'),
    sa.ForeignKeyConstraint(['candidacy_id'], ['candidacy.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'candidacy_id', name='uq_round_vote')
    )
    with op.batch_alter_table('roundvote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundvote_candidacy_id'), ['candidacy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundvote_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('roundvote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundvote_round_id'))
        batch_op.drop_index(batch_op.f('ix_roundvote_candidacy_id'))

    op.drop_table('roundvote')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_election_id'))

    op.drop_table('source')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_election_id'))

    op.drop_table('round')
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidacy_person_id'))
        batch_op.drop_index(batch_op.f('ix_candidacy_outcome'))
        batch_op.drop_index(batch_op.f('ix_candidacy_election_id'))
        batch_op.drop_index(batch_op.f('ix_candidacy_country'))

    op.drop_table('candidacy')
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_election_sort_date'))
        batch_op.drop_index(batch_op.f('ix_election_post_id'))

    op.drop_table('election')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_region_id'))
        batch_op.drop_index(batch_op.f('ix_post_organisation_id'))

    op.drop_table('post')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_organisation_id'))

    op.drop_table('region')
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditentry_user_id'))
        batch_op.drop_index(batch_op.f('ix_auditentry_record_id'))
        batch_op.drop_index(batch_op.f('ix_auditentry_at'))

    op.drop_table('auditentry')
    op.drop_table('person')
    op.drop_table('organisation')
    op.drop_table('app_user')
