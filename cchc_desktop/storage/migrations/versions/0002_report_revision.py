"""Each report carries a revision number, raised by every write: a window or command that read
revision N and finds N+k when it writes knows another writer changed the report in between.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch copy of the table: the rows stay where they are
    op.add_column(
        "reports", sa.Column("revision", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("revision")
