"""One notice in force per case, version and kind; its document is written after its number is taken.

Revision ID: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``voided`` is 0 for a notice in force and the notice's own id once void: a duplicate issued
    # concurrently before this revision (kept on record, the first one counts) or a refusal
    # withdrawn by a reviewer on its day (notices.revoke_notice).
    with op.batch_alter_table("notices") as table:
        table.alter_column("sha256", existing_type=sa.String(64), nullable=True)
        table.add_column(sa.Column("voided", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE notices SET voided = id WHERE id > (SELECT MIN(first.id) FROM notices AS first "
               "WHERE first.case_id = notices.case_id AND first.version_id = notices.version_id "
               "AND first.kind = notices.kind)")
    with op.batch_alter_table("notices") as table:
        table.create_unique_constraint("uq_notices_once", ["case_id", "version_id", "kind", "voided"])


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
