"""A running check says how far it is: files read so far, of how many.

Revision ID: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as table:
        table.add_column(sa.Column("files_done", sa.Integer))
        table.add_column(sa.Column("files_total", sa.Integer))


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
