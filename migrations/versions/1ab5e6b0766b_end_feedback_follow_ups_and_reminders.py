"""end feedback, follow-ups and reminders

Revision ID: 1ab5e6b0766b
Revises: d68a470cfe98
Create Date: 2026-11-23 19:13:55.744002

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1ab5e6b0766b'
down_revision = 'd68a470cfe98'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('employer_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('attendance_percent', sa.Integer(), nullable=True),
    sa.Column('tasks_done', sa.Text(), nullable=False),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('could_develop', sa.Text(), nullable=False),
    sa.Column('employment_offered', sa.String(length=20), nullable=False),
    sa.Column('would_take_again', sa.Boolean(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('attendance_percent BETWEEN 0 AND 100', name=op.f('ck_employer_reports_attendance_percent_range')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_employer_reports_author_id_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_employer_reports_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_reports')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_employer_reports_placement_id'))
    )
    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_follow_ups_placement_id_placements')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_follow_ups_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_follow_ups_placement_id'))
    )
    op.create_table('jobseeker_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('supervision_rating', sa.Integer(), nullable=True),
    sa.Column('learning_rating', sa.Integer(), nullable=True),
    sa.Column('treatment_rating', sa.Integer(), nullable=True),
    sa.Column('purpose_met', sa.String(length=10), nullable=False),
    sa.Column('job_outcome', sa.String(length=20), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_jobseeker_feedback_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobseeker_feedback')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_jobseeker_feedback_placement_id'))
    )
    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_reminders_sent_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('placement_id', 'form', 'number', name='uq_reminders_sent_placement_form_number')
    )
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sent_placement_id'), ['placement_id'], unique=False)

    op.create_table('goal_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('learning_goal_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learning_goal_id'], ['learning_goals.id'], name=op.f('fk_goal_ratings_learning_goal_id_learning_goals')),
    sa.ForeignKeyConstraint(['report_id'], ['employer_reports.id'], name=op.f('fk_goal_ratings_report_id_employer_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_ratings')),
    sa.UniqueConstraint('report_id', 'learning_goal_id', name='uq_goal_ratings_report_goal')
    )
    with op.batch_alter_table('goal_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_ratings_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('end_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ended_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_placements_ended_by_id_users'), 'users', ['ended_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_placements_ended_by_id_users'), type_='foreignkey')
        batch_op.drop_column('ended_by_id')
        batch_op.drop_column('end_note')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('ended_on')

    with op.batch_alter_table('goal_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_ratings_report_id'))

    op.drop_table('goal_ratings')
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_sent_placement_id'))

    op.drop_table('reminders_sent')
    op.drop_table('jobseeker_feedback')
    op.drop_table('follow_ups')
    op.drop_table('employer_reports')
