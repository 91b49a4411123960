"""A running check's heartbeat: several desk processes share the queue, and only a check whose
process stopped beating is taken back (worker.requeue_interrupted).

Revision ID: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as table:
        table.add_column(sa.Column("heartbeat_at", sa.DateTime))


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
