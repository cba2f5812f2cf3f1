"""login attempts dropped: the login throttle counts in rate_limits

The throttle now counts each try before its password is checked (portal/ratelimit.py); the
tries kept here lock nothing any more. They were only kept for a day, so nothing of worth is lost.

Revision ID: 17608b049d5e
Revises: af644a95d707
Create Date: 2026-12-02 13:24:29.963052

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '17608b049d5e'
down_revision = 'af644a95d707'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_address'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_attempted_at'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_email'))

    op.drop_table('login_attempts')


def downgrade():
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_attempted_at'), ['attempted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_address'), ['address'], unique=False)
