"""The register: users, tokens, cases, versions, notices, sequences, waivers, audit.

Revision ID: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("institution", sa.String(200)),
        sa.Column("uscc", sa.String(40)),
        sa.Column("city", sa.String(40)),
        sa.Column("kind", sa.String(40)),
        sa.Column("scheme", sa.String(40)),
        sa.Column("procedure", sa.String(40), nullable=False),
        sa.Column("received", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("next_due", sa.Date),
        sa.Column("next_event", sa.String(20)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_next_due", "cases", ["next_due"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("received", sa.Date, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("check_status", sa.String(10), nullable=False),
        sa.Column("check_error", sa.Text),
        sa.Column("verdict", sa.String(20)),
        sa.Column("errors", sa.Integer),
        sa.Column("warnings", sa.Integer),
        sa.Column("report", sa.JSON),
        sa.Column("queued_at", sa.DateTime, nullable=False),
        sa.Column("started_at", sa.DateTime),
        sa.Column("finished_at", sa.DateTime),
        sa.UniqueConstraint("case_id", "number", name="uq_versions_case_number"),
    )
    op.create_index("ix_versions_check_status", "versions", ["check_status"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("number", sa.String(120), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("issued_by", sa.String(80), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("agency", "number", name="uq_notices_agency_number"),
    )
    op.create_table(
        "sequences",
        sa.Column("agency", sa.String(200), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "waivers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("material", sa.String(80)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("who", sa.String(80), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.JSON),
    )
    op.create_index("ix_audit_case", "audit", ["case_id"])
    _append_only("audit")


def _append_only(table: str) -> None:
    """The database itself refuses to change or delete an audit row, whoever asks."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN RAISE EXCEPTION '{table} is append-only'; END $$""")
        op.execute(f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                       FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(f"""CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                       BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: restore a backup instead")
