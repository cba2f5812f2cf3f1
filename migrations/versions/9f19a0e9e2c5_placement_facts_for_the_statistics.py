"""placement facts for the statistics

Revision ID: 9f19a0e9e2c5
Revises: 1dcea1aa1ca1
Create Date: 2026-12-01 04:50:52.898782

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f19a0e9e2c5'
down_revision = '1dcea1aa1ca1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('placement_facts',
    sa.Column('placement_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('jobseeker_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('placement_type', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('end_reason', sa.String(length=20), nullable=False),
    sa.Column('report_in', sa.Boolean(), nullable=False),
    sa.Column('offered', sa.Boolean(), nullable=False),
    sa.Column('feedback_in', sa.Boolean(), nullable=False),
    sa.Column('supervision_rating', sa.Integer(), nullable=True),
    sa.Column('learning_rating', sa.Integer(), nullable=True),
    sa.Column('treatment_rating', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('placement_id', name=op.f('pk_placement_facts'))
    )
    with op.batch_alter_table('placement_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_facts_jobseeker_id'), ['jobseeker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_facts_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index('ix_placement_facts_statistics', [
            'organisation_id', 'gender', 'status', 'start_date', 'end_date', 'placement_type', 'report_in',
            'feedback_in', 'offered', 'outcome', 'supervision_rating', 'learning_rating', 'treatment_rating'],
            unique=False)
        batch_op.create_index('ix_placement_facts_endings', ['status', 'organisation_id', 'gender', 'end_reason'],
                              unique=False)

    # The facts of the placements already there (the portal keeps them up to date from now on:
    # portal/stats/facts.py). Written out here so that this migration does not change with the code.
    op.execute("""
        INSERT INTO placement_facts (placement_id, slot_id, jobseeker_id, organisation_id, gender, start_date,
            end_date, placement_type, status, end_reason, report_in, offered, feedback_in, supervision_rating,
            learning_rating, treatment_rating, outcome)
        SELECT placements.id, placements.slot_id, placements.jobseeker_id, slots.organisation_id,
            CASE WHEN jobseekers.gender IN ('woman', 'man') THEN jobseekers.gender ELSE 'other' END,
            slots.start_date, slots.end_date, slots.placement_type, placements.status, placements.end_reason,
            employer_reports.submitted_at IS NOT NULL,
            employer_reports.submitted_at IS NOT NULL
                AND employer_reports.employment_offered IN ('hourly', 'fixed-term', 'permanent'),
            jobseeker_feedback.submitted_at IS NOT NULL,
            CASE WHEN jobseeker_feedback.submitted_at IS NOT NULL THEN jobseeker_feedback.supervision_rating END,
            CASE WHEN jobseeker_feedback.submitted_at IS NOT NULL THEN jobseeker_feedback.learning_rating END,
            CASE WHEN jobseeker_feedback.submitted_at IS NOT NULL THEN jobseeker_feedback.treatment_rating END,
            follow_ups.outcome
        FROM placements
        JOIN slots ON placements.slot_id = slots.id
        JOIN jobseekers ON placements.jobseeker_id = jobseekers.id
        LEFT OUTER JOIN employer_reports ON employer_reports.placement_id = placements.id
        LEFT OUTER JOIN jobseeker_feedback ON jobseeker_feedback.placement_id = placements.id
        LEFT OUTER JOIN follow_ups ON follow_ups.placement_id = placements.id
    """)


def downgrade():
    with op.batch_alter_table('placement_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_facts_endings')
        batch_op.drop_index('ix_placement_facts_statistics')
        batch_op.drop_index(batch_op.f('ix_placement_facts_slot_id'))
        batch_op.drop_index(batch_op.f('ix_placement_facts_jobseeker_id'))

    op.drop_table('placement_facts')
