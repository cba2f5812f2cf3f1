"""guide conversations and unanswered questions

Revision ID: dc918b2544a6
Revises: d98be3070b44
Create Date: 2026-11-23 19:04:11.550313

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc918b2544a6'
down_revision = 'd98be3070b44'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('guide_unanswered_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('normalised', sa.String(length=500), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('closest_topic', sa.String(length=60), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_unanswered_questions'))
    )
    with op.batch_alter_table('guide_unanswered_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_unanswered_questions_asked_at'), ['asked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_unanswered_questions_normalised'), ['normalised'], unique=False)

    op.create_table('guide_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=60), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('choice', sa.String(length=60), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('suggestions', sa.String(length=200), nullable=True),
    sa.Column('edition', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_guide_messages_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_messages'))
    )
    with op.batch_alter_table('guide_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_messages_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('guide_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_messages_user_id'))

    op.drop_table('guide_messages')
    with op.batch_alter_table('guide_unanswered_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_unanswered_questions_normalised'))
        batch_op.drop_index(batch_op.f('ix_guide_unanswered_questions_asked_at'))

    op.drop_table('guide_unanswered_questions')
