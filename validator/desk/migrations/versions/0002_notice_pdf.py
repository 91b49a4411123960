"""Notices keep the PDF that LibreOffice made of them, once someone asked for it.

Revision ID: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices") as table:
        table.add_column(sa.Column("pdf_sha256", sa.String(64)))


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
