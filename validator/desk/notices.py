"""Issuing the agency's notice for a case's latest version, with a document number.

The notice follows the stored verdict (generators.notice): complete → 受理通知书 (case 已受理),
incomplete → 一次性告知书 (已告知补正), ineligible → 不予受理告知书 (不予受理). Issuing is
idempotent per case, version and kind: the case row is locked first, and a second request (two
clerks, an API client retrying) gets the notice already issued; the database's unique
constraint ``uq_notices_once`` backs this. Numbers run per agency and year in ``sequences``: the
row is incremented inside the transaction that records the notice, so no two notices share a
number and a failed issue leaves no gap. The document itself is written afterwards by the render
process (renderer.py), never in the server; a notice whose document is not written yet (its
sha256 is NULL) gets it at the next request.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from validator.desk.database import utcnow
from validator.desk.register import ActionRefused, get_case, latest_version, record, set_status
from validator.desk.renderer import Renderer, notice_docx, notice_pdf_bytes
from validator.desk.storage import BlobStore
from validator.desk.tables import cases, notices, sequences
from validator.desk.worker import version_options
from validator.desk.terms import NOTICE_TITLES

KIND_OF_VERDICT = {"complete": "acceptance", "incomplete": "correction", "ineligible": "rejection"}
STATUS_AFTER = {"acceptance": "accepted", "correction": "notified", "rejection": "rejected"}
ISSUABLE = frozenset({"received", "supplemented"})


@dataclass(frozen=True)
class IssuedNotice:
    id: int
    kind: str
    number: str
    sha256: str
    new: bool  # False: the notice was issued already by an earlier request


def next_number(conn: sa.Connection, agency: str, year: int) -> int:
    """The next number of the agency's run for ``year`` (row-locked by the UPDATE)."""
    for _attempt in range(3):
        bumped = conn.execute(sa.update(sequences).where(sequences.c.agency == agency, sequences.c.year == year)
                              .values(last=sequences.c.last + 1).returning(sequences.c.last)).scalar()
        if bumped is not None:
            return int(bumped)
        try:
            with conn.begin_nested():
                conn.execute(sa.insert(sequences).values(agency=agency, year=year, last=1))
            return 1
        except sa.exc.IntegrityError:  # another clerk opened the year first: bump theirs
            continue
    raise ActionRefused("number_busy", status=503)


def format_number(year: int, number: int, lang: str) -> str:
    return f"[{year}] No. {number:04d}" if lang == "en" else f"〔{year}〕第{number:04d}号"


def lock_case(conn: sa.Connection, case_id: int) -> None:
    """Locks the case row until the transaction ends: a row lock on PostgreSQL, the write lock on
    SQLite (a write is the first statement, so the transaction waits for any other writer)."""
    conn.execute(sa.update(cases).where(cases.c.id == case_id).values(updated_at=cases.c.updated_at))


def agency_of(city: str, lang: str) -> str:
    """The issuing body the city's checklist names (as generators.notice writes it)."""
    from generators.notice import _agency
    from validator.checklists.loader import load_checklist

    return _agency(load_checklist(city).settings, lang)


def issue_notice(engine: sa.Engine, blobs: BlobStore, renderer: Renderer, case_id: int, who: str, lang: str,
                 today: date | None = None, expected: str | None = None, confirmed: bool = False) -> IssuedNotice:
    """Issues the notice the stored verdict calls for, or returns the one already issued for it.

    A page's form names the kind its button showed (``expected``): a verdict changed meanwhile is
    refused, and a 不予受理告知书, which closes the case, needs the clerk's confirmation."""
    with engine.begin() as conn:
        lock_case(conn, case_id)
        case = get_case(conn, case_id)
        version = latest_version(conn, case_id)
        kind = KIND_OF_VERDICT.get(version.verdict or "") if version.check_status == "done" else None
        notice = conn.execute(sa.select(notices).where(notices.c.case_id == case_id, notices.c.version_id == version.id,
                                                       notices.c.kind == kind, notices.c.voided == 0)).first()
        new = notice is None
        if new:
            if case.status not in ISSUABLE:
                raise ActionRefused("not_issuable", state=case.status)
            if kind is None:
                raise ActionRefused("check_not_done", version=version.number)
            if expected is not None and (expected != kind or (kind == "rejection" and not confirmed)):
                raise ActionRefused("confirm_rejection" if expected == kind else "verdict_changed")
            issued_on = today or date.today()
            agency = agency_of(version.report["city"], lang)
            number = format_number(issued_on.year, next_number(conn, agency, issued_on.year), lang)
            notice_id = conn.execute(sa.insert(notices).values(
                case_id=case_id, version_id=version.id, kind=kind, agency=agency, number=number,
                issued_on=issued_on, issued_by=who, issued_at=utcnow())).inserted_primary_key[0]
            record(conn, who, "notice.issued", case_id, kind=kind, number=number, version=version.number,
                   verdict=version.verdict)
            set_status(conn, who, case_id, STATUS_AFTER[kind])
            notice = conn.execute(sa.select(notices).where(notices.c.id == notice_id)).one()
    sha256 = notice.sha256 or write_document(engine, blobs, renderer, notice, lang)
    return IssuedNotice(id=notice.id, kind=notice.kind, number=notice.number, sha256=sha256, new=new)


def write_document(engine: sa.Engine, blobs: BlobStore, renderer: Renderer, notice: sa.Row, lang: str) -> str:
    """The notice's .docx, written by the render process from the stored package; its sha256 (the
    first one written wins when two requests write it at once)."""
    options, filename = version_options(engine, blobs, notice.version_id, lang)
    sha256 = blobs.put_bytes(renderer.run(notice_docx, options, filename, notice.issued_on, notice.number, lang))
    with engine.begin() as conn:
        conn.execute(sa.update(notices).where(notices.c.id == notice.id, notices.c.sha256.is_(None))
                     .values(sha256=sha256))
        return conn.execute(sa.select(notices.c.sha256).where(notices.c.id == notice.id)).scalar_one()


def revocable(notice: sa.Row, case_status: str, today: date) -> bool:
    """A 不予受理告知书 in force, issued today, of a case it closed: a reviewer may withdraw it."""
    return notice.kind == "rejection" and not notice.voided and notice.issued_on == today and case_status == "rejected"


def revoke_notice(engine: sa.Engine, case_id: int, notice_id: int, who: str, reason: str, today: date) -> None:
    """Withdraws a refusal on its day (a reviewer's correction of a clerk's click): the notice
    stays on record, void, its number used; the case reopens as before the notice."""
    if not reason.strip():
        raise ActionRefused("reason_needed", status=400)
    with engine.begin() as conn:
        lock_case(conn, case_id)
        case = get_case(conn, case_id)
        notice = conn.execute(sa.select(notices).where(notices.c.id == notice_id, notices.c.case_id == case_id)).first()
        if notice is None:
            raise ActionRefused("no_notice", status=404)
        if not revocable(notice, case.status, today):
            raise ActionRefused("not_revocable")
        conn.execute(sa.update(notices).where(notices.c.id == notice_id).values(voided=notice_id))
        record(conn, who, "notice.revoked", case_id, kind=notice.kind, number=notice.number, reason=reason.strip())
        version = latest_version(conn, case_id)
        set_status(conn, who, case_id, "supplemented" if version.number > 1 else "received")


def notice_pdf(engine: sa.Engine, blobs: BlobStore, renderer: Renderer, notice: sa.Row, sha256: str) -> str:
    """The notice as PDF (LibreOffice; signed when the desk signs), made once by the render process
    and kept content-addressed; its sha256."""
    if notice.pdf_sha256:
        return notice.pdf_sha256
    sha256 = blobs.put_bytes(renderer.run(notice_pdf_bytes, blobs.path(sha256).read_bytes()))
    with engine.begin() as conn:
        conn.execute(sa.update(notices).where(notices.c.id == notice.id).values(pdf_sha256=sha256))
    return sha256


def case_notices(conn: sa.Connection, case_id: int) -> list[sa.Row]:
    return list(conn.execute(sa.select(notices).where(notices.c.case_id == case_id).order_by(notices.c.id)))


def notice_filename(notice: sa.Row, lang: str, suffix: str = ".docx") -> str:
    zh, en = NOTICE_TITLES[notice.kind]
    return f"{en if lang == 'en' else zh}-{notice.case_id}-{notice.id}{suffix}"
