"""users awaiting confirmation of their e-mail address

An employer who registers on the public form confirms the address by a link before the account
logs in (the form answers alike whether or not the address has an account). Existing accounts are
confirmed already.

Revision ID: 2a971d4c8ca6
Revises: a808e1690665
Create Date: 2026-12-02 13:27:20.665373

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2a971d4c8ca6'
down_revision = 'a808e1690665'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('awaiting_confirmation', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('awaiting_confirmation')

