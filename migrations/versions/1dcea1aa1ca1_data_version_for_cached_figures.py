"""data version and changes, for cached figures

Revision ID: 1dcea1aa1ca1
Revises: e6b788d2bbc4
Create Date: 2026-12-01 04:11:31.698694

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1dcea1aa1ca1'
down_revision = 'e6b788d2bbc4'
branch_labels = None
depends_on = None


def upgrade():
    data_version = op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    # The one counter row; the portal only ever raises it (portal/data_version.py).
    op.bulk_insert(data_version, [{'id': 1, 'version': 0}])
    op.create_table('data_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_changes'))
    )
    with op.batch_alter_table('data_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_changes_version'), ['version'], unique=False)


def downgrade():
    with op.batch_alter_table('data_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_changes_version'))
    op.drop_table('data_changes')
    op.drop_table('data_version')
