"""slots, union reviews and scopes, placements

Revision ID: d98be3070b44
Revises: a00e7ebace88
Create Date: 2026-11-23 18:51:57.547373

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd98be3070b44'
down_revision = 'a00e7ebace88'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('placement_type', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('occupation', sa.String(length=200), nullable=False),
    sa.Column('tasks', sa.Text(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('places_filled', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.Column('schedule', sa.Text(), nullable=False),
    sa.Column('workplace_address', sa.Text(), nullable=False),
    sa.Column('supervisor_name', sa.String(length=200), nullable=False),
    sa.Column('supervisor_role', sa.String(length=200), nullable=False),
    sa.Column('supervisor_phone', sa.String(length=40), nullable=False),
    sa.Column('supervisor_email', sa.String(length=254), nullable=False),
    sa.Column('swedish_level', sa.String(length=10), nullable=False),
    sa.Column('other_languages', sa.String(length=300), nullable=False),
    sa.Column('step_free_access', sa.Boolean(), nullable=False),
    sa.Column('part_time_possible', sa.Boolean(), nullable=False),
    sa.Column('accessibility_notes', sa.Text(), nullable=False),
    sa.Column('declares_no_reemployment_rights', sa.Boolean(), nullable=False),
    sa.Column('declares_no_labour_dispute', sa.Boolean(), nullable=False),
    sa.Column('declares_not_replacing_staff', sa.Boolean(), nullable=False),
    sa.Column('declares_supervisor_time', sa.Boolean(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('employer_response', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_slots_period_in_order')),
    sa.CheckConstraint('places >= 1', name=op.f('ck_slots_places_positive')),
    sa.CheckConstraint('places_filled <= places', name=op.f('ck_slots_places_not_overfilled')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_slots_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_slots_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slots'))
    )
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slots_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_slots_status'), ['status'], unique=False)

    op.create_table('union_scopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.CheckConstraint('(organisation_id IS NULL) <> (sector IS NULL)', name=op.f('ck_union_scopes_organisation_or_sector')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_union_scopes_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_union_scopes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_union_scopes'))
    )
    with op.batch_alter_table('union_scopes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_union_scopes_user_id'), ['user_id'], unique=False)

    op.create_table('learning_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_learning_goals_slot_id_slots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_goals'))
    )
    with op.batch_alter_table('learning_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_goals_slot_id'), ['slot_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('jobseeker_id', sa.Integer(), nullable=False),
    sa.Column('matched_by_id', sa.Integer(), nullable=False),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('match_score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['jobseeker_id'], ['jobseekers.id'], name=op.f('fk_placements_jobseeker_id_jobseekers')),
    sa.ForeignKeyConstraint(['matched_by_id'], ['users.id'], name=op.f('fk_placements_matched_by_id_users')),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_placements_slot_id_slots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('slot_id', 'jobseeker_id', name='uq_placements_slot_jobseeker')
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_jobseeker_id'), ['jobseeker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_status'), ['status'], unique=False)

    op.create_table('slot_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed_terms', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_slot_status_changes_changed_by_id_users')),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_slot_status_changes_slot_id_slots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_status_changes'))
    )
    with op.batch_alter_table('slot_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_status_changes_slot_id'), ['slot_id'], unique=False)

    op.create_table('union_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_union_reviews_reviewer_id_users')),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_union_reviews_slot_id_slots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_union_reviews'))
    )
    with op.batch_alter_table('union_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_union_reviews_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_union_reviews_slot_id'), ['slot_id'], unique=False)

    with op.batch_alter_table('jobseekers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs_step_free_access', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('needs_part_time', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('jobseekers', schema=None) as batch_op:
        batch_op.drop_column('needs_part_time')
        batch_op.drop_column('needs_step_free_access')

    with op.batch_alter_table('union_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_union_reviews_slot_id'))
        batch_op.drop_index(batch_op.f('ix_union_reviews_reviewer_id'))

    op.drop_table('union_reviews')
    with op.batch_alter_table('slot_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slot_status_changes_slot_id'))

    op.drop_table('slot_status_changes')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_status'))
        batch_op.drop_index(batch_op.f('ix_placements_slot_id'))
        batch_op.drop_index(batch_op.f('ix_placements_jobseeker_id'))

    op.drop_table('placements')
    with op.batch_alter_table('learning_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_goals_slot_id'))

    op.drop_table('learning_goals')
    with op.batch_alter_table('union_scopes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_union_scopes_user_id'))

    op.drop_table('union_scopes')
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slots_status'))
        batch_op.drop_index(batch_op.f('ix_slots_organisation_id'))

    op.drop_table('slots')
