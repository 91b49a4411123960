"""Failed logins counted per user name and per address (throttle.py).

Revision ID: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("login_attempts",
                    sa.Column("key", sa.String(300), primary_key=True),
                    sa.Column("failures", sa.Integer, nullable=False),
                    sa.Column("first_at", sa.DateTime, nullable=False),
                    sa.Column("locked_until", sa.DateTime))


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
