"""The register's tables (SQLAlchemy Core); migrations/versions/ creates them, in the same shape.

Timestamps are naive UTC. Packages and notices are not stored in the database but in the
content-addressed blob store (storage.py); rows name them by sha256.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

tokens = sa.Table(  # login sessions and API bearer tokens; only their sha256 is kept
    "tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # session | api
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime),
)

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("institution", sa.String(200)),
    sa.Column("uscc", sa.String(40)),
    sa.Column("city", sa.String(40)),
    sa.Column("kind", sa.String(40)),
    sa.Column("scheme", sa.String(40)),
    sa.Column("procedure", sa.String(40), nullable=False),
    sa.Column("received", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("next_due", sa.Date),  # the nearest statutory date of the current status
    sa.Column("next_event", sa.String(20)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_cases_status", "status"),
    sa.Index("ix_cases_next_due", "next_due"),
)

versions = sa.Table(
    "versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("received", sa.Date, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("check_status", sa.String(10), nullable=False),  # queued | running | done | failed
    sa.Column("check_error", sa.Text),
    sa.Column("verdict", sa.String(20)),
    sa.Column("errors", sa.Integer),
    sa.Column("warnings", sa.Integer),
    sa.Column("report", sa.JSON),  # the report as --format json prints it with --show-personal-data
    sa.Column("queued_at", sa.DateTime, nullable=False),
    sa.Column("started_at", sa.DateTime),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("files_done", sa.Integer),  # while running: files read so far, of files_total (the pages show it)
    sa.Column("files_total", sa.Integer),
    sa.Column("heartbeat_at", sa.DateTime),  # migration 0006: while running, renewed every 5 s
    sa.UniqueConstraint("case_id", "number", name="uq_versions_case_number"),
    sa.Index("ix_versions_check_status", "check_status"),
)

notices = sa.Table(
    "notices", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # acceptance | correction | rejection
    sa.Column("agency", sa.String(200), nullable=False),
    sa.Column("number", sa.String(120), nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("sha256", sa.String(64)),  # migration 0004: written after the number is taken (NULL meanwhile)
    sa.Column("pdf_sha256", sa.String(64)),  # migration 0002: made on first request, where LibreOffice is present
    sa.Column("issued_by", sa.String(80), nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
    # 0 for a notice in force; its own id once void (a duplicate from before migration 0004, a withdrawn refusal)
    sa.Column("voided", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("agency", "number", name="uq_notices_agency_number"),
    sa.UniqueConstraint("case_id", "version_id", "kind", "voided", name="uq_notices_once"),
)

sequences = sa.Table(  # document numbers: one run per agency and year
    "sequences", metadata,
    sa.Column("agency", sa.String(200), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

waivers = sa.Table(
    "waivers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("code", sa.String(80), nullable=False),
    sa.Column("material", sa.String(80)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.String(80), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

audit = sa.Table(  # append-only: the migration adds triggers that refuse UPDATE and DELETE
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("who", sa.String(80), nullable=False),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.JSON),
    sa.Index("ix_audit_case", "case_id"),
)

login_attempts = sa.Table(  # failed logins per "user:NAME" and "address:IP" (throttle.py)
    "login_attempts", metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("first_at", sa.DateTime, nullable=False),
    sa.Column("locked_until", sa.DateTime),
)
