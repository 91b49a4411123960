"""Cases and their versions: creating, receiving supplements, withdrawing, waivers, the audit log.

Every function takes an open transaction (``engine.begin()``) so that a change and its audit
row commit together or not at all. Status workflow:
收到 received → 已告知补正 notified / 已受理 accepted / 不予受理 rejected (by the notice issued);
已告知补正 → 已补正 supplemented (a new version) → a notice again …; any open case → 已撤回 withdrawn.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from typing import Any

import sqlalchemy as sa

from validator.desk.database import utcnow
from validator.desk.dates import refresh_due
from validator.desk.refusals import Refusal as ActionRefused
from validator.desk.tables import audit, cases, versions, waivers
from validator.errors import UsageError
from validator.vocabulary import ids

STATUSES = ("received", "notified", "accepted", "rejected", "supplemented", "withdrawn")
FINAL = frozenset({"accepted", "rejected", "withdrawn"})
CHECK_STATES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class CaseFields:
    """What the clerk states on receipt; anything left out is read from the package by the check."""

    city: str | None = None
    kind: str | None = None
    scheme: str | None = None
    procedure: str = "application"
    received: date | None = None
    as_of: date | None = None
    institution: str | None = None
    uscc: str | None = None

    def checked(self, today: date | None = None) -> "CaseFields":
        """The fields as ids (a city, kind, scheme or procedure typed as the CLI takes it: 威海,
        诊所), refused with a 400 when unknown, when the receipt is later than today (the desk's
        zone) or when the USCC is malformed (GB 32100-2015 check digit, python-stdnum)."""
        from stdnum.cn import uscc

        chosen = {field: _choice(field, value) for field, value in
                  (("city", self.city), ("kind", self.kind), ("scheme", self.scheme), ("procedure", self.procedure))}
        if self.received and today and self.received > today:
            raise ActionRefused("future_date", status=400, field="received", value=self.received.isoformat())
        code = uscc.compact(self.uscc) if self.uscc else None
        if code and not uscc.is_valid(code):
            raise ActionRefused("bad_uscc", status=400, value=self.uscc)
        return replace(self, **chosen, uscc=code, received=self.received or today)


SECTIONS = {"city": "cities", "kind": "institution_kinds", "scheme": "schemes", "procedure": "procedures"}


def _choice(field: str, value: str | None) -> str | None:
    """The id ``value`` names, as the CLI's options resolve it (validator.cli.choices)."""
    if value is None or value in ids(SECTIONS[field]):
        return value
    found = _names(field).get(value.strip().casefold())
    if found is None or found not in ids(SECTIONS[field]):
        raise ActionRefused("unknown_choice", status=400, field=field, value=value)
    return found


@lru_cache(maxsize=None)
def _names(field: str) -> dict[str, str]:
    from validator.cli.choices import AliasChoice, city_names, vocabulary_names

    return AliasChoice(city_names if field == "city" else vocabulary_names(SECTIONS[field])).table()


@dataclass(frozen=True)
class Upload:
    sha256: str
    size: int
    filename: str


def record(conn: sa.Connection, who: str, action: str, case_id: int | None, **detail: Any) -> None:
    """One audit row: who did what to which case, and when."""
    conn.execute(sa.insert(audit).values(at=utcnow(), who=who, case_id=case_id, action=action, detail=detail))


def create_case(conn: sa.Connection, who: str, upload: Upload, fields: CaseFields) -> tuple[int, int]:
    """A new case in status 收到 with its first version queued for checking; (case id, version id)."""
    fields = fields.checked()
    received = fields.received or date.today()
    now = utcnow()
    case_id = conn.execute(sa.insert(cases).values(
        institution=fields.institution, uscc=fields.uscc, city=fields.city, kind=fields.kind,
        scheme=fields.scheme, procedure=fields.procedure, received=received, status="received",
        created_at=now, updated_at=now)).inserted_primary_key[0]
    record(conn, who, "case.created", case_id, city=fields.city, kind=fields.kind, scheme=fields.scheme,
           procedure=fields.procedure, received=received.isoformat())
    version_id = _add_version(conn, who, case_id, 1, upload, received, fields.as_of or received)
    return case_id, version_id


def add_supplement(conn: sa.Connection, who: str, case_id: int, upload: Upload,
                   received: date | None = None, as_of: date | None = None) -> int:
    """A new version of an open case; after a 一次性告知书 it makes the case 已补正."""
    case = get_case(conn, case_id)
    if case.status in FINAL:
        raise ActionRefused("closed", state=case.status)
    received = received or date.today()
    number = (conn.execute(sa.select(sa.func.max(versions.c.number)).where(versions.c.case_id == case_id))
              .scalar() or 0) + 1
    version_id = _add_version(conn, who, case_id, number, upload, received, as_of or received)
    if case.status == "notified":
        set_status(conn, who, case_id, "supplemented")
    return version_id


def _add_version(conn: sa.Connection, who: str, case_id: int, number: int, upload: Upload,
                 received: date, as_of: date) -> int:
    version_id = conn.execute(sa.insert(versions).values(
        case_id=case_id, number=number, sha256=upload.sha256, size=upload.size, filename=upload.filename,
        received=received, as_of=as_of, check_status="queued", queued_at=utcnow())).inserted_primary_key[0]
    record(conn, who, "version.received", case_id, version=number, sha256=upload.sha256, size=upload.size,
           filename=upload.filename)
    return version_id


def get_case(conn: sa.Connection, case_id: int) -> sa.Row:
    case = conn.execute(sa.select(cases).where(cases.c.id == case_id)).first()
    if case is None:
        raise ActionRefused("no_case", status=404, case=case_id)
    return case


def case_versions(conn: sa.Connection, case_id: int) -> list[sa.Row]:
    return list(conn.execute(sa.select(versions).where(versions.c.case_id == case_id).order_by(versions.c.number)))


def latest_version(conn: sa.Connection, case_id: int) -> sa.Row:
    version = conn.execute(sa.select(versions).where(versions.c.case_id == case_id)
                           .order_by(versions.c.number.desc()).limit(1)).first()
    if version is None:
        raise ActionRefused("no_version", status=404, case=case_id)
    return version


def set_status(conn: sa.Connection, who: str, case_id: int, status: str) -> None:
    before = get_case(conn, case_id).status
    conn.execute(sa.update(cases).where(cases.c.id == case_id).values(status=status, updated_at=utcnow()))
    record(conn, who, "case.status", case_id, before=before, after=status)
    refresh_due(conn, case_id)


def withdraw(conn: sa.Connection, who: str, case_id: int, reason: str) -> None:
    case = get_case(conn, case_id)
    if case.status in FINAL:
        raise ActionRefused("closed", state=case.status)
    if not reason.strip():
        raise ActionRefused("reason_needed", status=400)
    record(conn, who, "case.withdrawn", case_id, reason=reason.strip())
    set_status(conn, who, case_id, "withdrawn")


def add_waiver(conn: sa.Connection, who: str, case_id: int, code: str, material: str | None, reason: str) -> None:
    """Records a waiver (validator.check.waivers rules: warnings only, with a reason) and re-checks the latest version."""
    from validator.check.waivers import make_waiver

    if (status := get_case(conn, case_id).status) in FINAL:
        raise ActionRefused("closed", state=status)
    try:
        waiver = make_waiver(code, reason, material, by=who, origin="waiver")
    except UsageError as error:
        raise ActionRefused("waiver_refused", status=400) from error
    conn.execute(sa.insert(waivers).values(case_id=case_id, code=waiver.code, material=waiver.material,
                                           reason=waiver.reason, by=who, at=utcnow()))
    record(conn, who, "waiver.added", case_id, code=waiver.code, material=waiver.material, reason=waiver.reason)
    version = latest_version(conn, case_id)
    requeue(conn, who, version.id, "waiver")


def recheck(conn: sa.Connection, who: str, case_id: int) -> None:
    """Checks the latest version again (after a failed check, or a checklist update)."""
    if (status := get_case(conn, case_id).status) in FINAL:
        raise ActionRefused("closed", state=status)
    version = latest_version(conn, case_id)
    if version.check_status in ("queued", "running"):
        raise ActionRefused("already_checking", version=version.number)
    requeue(conn, who, version.id, "asked")


def case_waivers(conn: sa.Connection, case_id: int) -> list[sa.Row]:
    return list(conn.execute(sa.select(waivers).where(waivers.c.case_id == case_id).order_by(waivers.c.id)))


def requeue(conn: sa.Connection, who: str, version_id: int, why: str) -> None:
    version = conn.execute(sa.select(versions).where(versions.c.id == version_id)).one()
    conn.execute(sa.update(versions).where(versions.c.id == version_id).values(
        check_status="queued", check_error=None, queued_at=utcnow(), started_at=None, finished_at=None))
    record(conn, who, "check.requeued", version.case_id, version=version.number, why=why)


def case_audit(conn: sa.Connection, case_id: int) -> list[sa.Row]:
    return list(conn.execute(sa.select(audit).where(audit.c.case_id == case_id).order_by(audit.c.id)))
