"""login attempts: the address they came from, for the throttle per address

Revision ID: c8cd89b2b8dc
Revises: 9f19a0e9e2c5
Create Date: 2026-12-01 07:56:13.926741

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8cd89b2b8dc'
down_revision = '9f19a0e9e2c5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=45), nullable=True))
        batch_op.create_index(batch_op.f('ix_login_attempts_address'), ['address'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_address'))
        batch_op.drop_column('address')
