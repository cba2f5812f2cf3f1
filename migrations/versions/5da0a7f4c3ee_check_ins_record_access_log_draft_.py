"""check-ins, record access log, draft warnings, placement certificates

Check-ins of running placements (check_ins), who opened a job-seeker's record (record_accesses),
the warnings sent before an untouched draft is deleted (draft_warnings), the placement certificates
the portal issues (placement_certificates) and the employer's optional reference for the
certificate in the final report (employer_reports.certificate_reference, '' for existing reports).

Revision ID: 5da0a7f4c3ee
Revises: cd6405e374e4
Create Date: 2026-12-02 14:24:32.848547

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5da0a7f4c3ee'
down_revision = 'cd6405e374e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('draft_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipient', sa.String(length=1000), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_warnings')),
    sa.UniqueConstraint('kind', 'draft_id', 'days_before', 'draft_updated_at', name='uq_draft_warnings_once')
    )
    op.create_table('record_accesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jobseeker_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('accessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['jobseeker_id'], ['jobseekers.id'], name=op.f('fk_record_accesses_jobseeker_id_jobseekers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_record_accesses_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_accesses'))
    )
    with op.batch_alter_table('record_accesses', schema=None) as batch_op:
        batch_op.create_index('ix_record_accesses_jobseeker_at', ['jobseeker_id', 'accessed_at'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=False),
    sa.Column('tasks_as_agreed', sa.Boolean(), nullable=False),
    sa.Column('supervisor_present', sa.Boolean(), nullable=False),
    sa.Column('replaces_staff', sa.Boolean(), nullable=False),
    sa.Column('participant_view', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_check_ins_placement_id_placements')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_check_ins_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_check_ins_placement_id'))
    )
    op.create_table('placement_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('accepted_by_id', sa.Integer(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_placement_certificates_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_certificates_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_certificates')),
    sa.UniqueConstraint('pdf_sha256', name=op.f('uq_placement_certificates_pdf_sha256')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_placement_certificates_placement_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_placement_certificates_reference'))
    )
    with op.batch_alter_table('employer_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_reference', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('employer_reports', schema=None) as batch_op:
        batch_op.drop_column('certificate_reference')

    op.drop_table('placement_certificates')
    op.drop_table('check_ins')
    with op.batch_alter_table('record_accesses', schema=None) as batch_op:
        batch_op.drop_index('ix_record_accesses_jobseeker_at')

    op.drop_table('record_accesses')
    op.drop_table('draft_warnings')
