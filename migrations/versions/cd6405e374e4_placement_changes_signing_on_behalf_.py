"""placement changes, signing on behalf, overlaps

Changes to a running placement as new agreement versions (placement_changes; the placement's
agreed period and terms), a coordinator's signature for the job-seeker (agreement_signatures.on_behalf_*)
and the reason for matching someone to overlapping placements (placements.overlap_*). Existing rows
get empty values: nothing was changed, signed on behalf or overlapping before.

Revision ID: cd6405e374e4
Revises: 4873b8e94be8
Create Date: 2026-12-02 14:20:56.453073

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd6405e374e4'
down_revision = '4873b8e94be8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('placement_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('kinds', sa.String(length=100), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=False),
    sa.Column('after_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('union_to_be_asked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_changes_placement_id_placements')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_placement_changes_proposed_by_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['agreement_versions.id'], name=op.f('fk_placement_changes_version_id_agreement_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_changes')),
    sa.UniqueConstraint('version_id', name=op.f('uq_placement_changes_version_id'))
    )
    with op.batch_alter_table('placement_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_changes_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_changes_status'), ['status'], unique=False)

    with op.batch_alter_table('agreement_signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_of', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('on_behalf_reason', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('on_behalf_note', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_start_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreed_end_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreed_terms', sa.Text(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('overlap_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('overlap_with', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('overlap_with')
        batch_op.drop_column('overlap_reason')
        batch_op.drop_column('agreed_terms')
        batch_op.drop_column('agreed_end_date')
        batch_op.drop_column('agreed_start_date')

    with op.batch_alter_table('agreement_signatures', schema=None) as batch_op:
        batch_op.drop_column('on_behalf_note')
        batch_op.drop_column('on_behalf_reason')
        batch_op.drop_column('on_behalf_of')

    with op.batch_alter_table('placement_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_changes_status'))
        batch_op.drop_index(batch_op.f('ix_placement_changes_placement_id'))

    op.drop_table('placement_changes')
