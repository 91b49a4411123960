"""One notice per case, version and kind; its document is written after its number is taken.

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
    # A register that already holds duplicates (issued concurrently before this revision) keeps
    # them on record: each later one gets its own id in ``duplicate``; the one that counts has 0.
    with op.batch_alter_table("notices") as table:
        table.alter_column("sha256", existing_type=sa.String(64), nullable=True)
        table.add_column(sa.Column("duplicate", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE notices SET duplicate = id WHERE id > (SELECT MIN(first.id) FROM notices AS first "
               "WHERE first.case_id = notices.case_id AND first.version_id = notices.version_id "
               "AND first.kind = notices.kind)")
    with op.batch_alter_table("notices") as table:
        table.create_unique_constraint("uq_notices_once", ["case_id", "version_id", "kind", "duplicate"])


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
