"""Issuing the agency's notice for a case's latest version, with a document number.

The notice follows the verdict (generators.notice): complete → 受理通知书 (case 已受理),
incomplete → 一次性告知书 (已告知补正), ineligible → 不予受理告知书 (不予受理). The check is run
again on the stored package with the version's own date, so the notice states what the clerk
saw; the notice date is the day of issue. Numbers run per agency and year in ``sequences``:
the row is incremented inside the same transaction that records the notice, so two clerks
never get one number and a failed issue leaves no gap used.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from validator.desk.database import utcnow
from validator.desk.register import ActionRefused, get_case, latest_version, record, set_status
from validator.desk.storage import BlobStore
from validator.desk.tables import notices, sequences
from validator.desk.worker import run_version_check
from validator.desk.words import NOTICE_TITLES

KIND_OF_VERDICT = {"complete": "acceptance", "incomplete": "correction", "ineligible": "rejection"}
STATUS_AFTER = {"acceptance": "accepted", "correction": "notified", "rejection": "rejected"}
ISSUABLE = frozenset({"received", "supplemented"})


@dataclass(frozen=True)
class IssuedNotice:
    id: int
    kind: str
    number: str
    sha256: str


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
    raise ActionRefused("could not allocate a document number; try again")


def format_number(year: int, number: int, lang: str) -> str:
    return f"[{year}] No. {number:04d}" if lang == "en" else f"〔{year}〕第{number:04d}号"


def issue_notice(engine: sa.Engine, blobs: BlobStore, case_id: int, who: str, lang: str,
                 today: date | None = None) -> IssuedNotice:
    """Issues the notice the verdict calls for; personal data masked as ``check --notice`` writes it."""
    from generators.notice import notice_context, write_notice

    with engine.connect() as conn:
        case = get_case(conn, case_id)
        version = latest_version(conn, case_id)
    if case.status not in ISSUABLE:
        raise ActionRefused(f"case {case_id} is {case.status}: a notice is issued on receipt or after a supplement")
    if version.check_status != "done":
        raise ActionRefused(f"the check of version {version.number} is {version.check_status}, not done")
    report = run_version_check(engine, blobs, version.id, lang)
    report.as_of = today or date.today()  # the notice's date, from which the supplement day counts
    kind = KIND_OF_VERDICT[report.verdict]
    agency = notice_context(report, lang=lang)["agency"]
    with engine.begin() as conn:
        if get_case(conn, case_id).status != case.status or latest_version(conn, case_id).id != version.id:
            raise ActionRefused(f"case {case_id} changed meanwhile; reload and issue again")
        number = format_number(report.as_of.year, next_number(conn, agency, report.as_of.year), lang)
        with tempfile.TemporaryDirectory() as folder:
            path = write_notice(report, Path(folder) / "notice.docx", document_number=number, lang=lang)
            sha256 = blobs.put_bytes(path.read_bytes())
        notice_id = conn.execute(sa.insert(notices).values(
            case_id=case_id, version_id=version.id, kind=kind, agency=agency, number=number,
            issued_on=report.as_of, sha256=sha256, issued_by=who, issued_at=utcnow())).inserted_primary_key[0]
        record(conn, who, "notice.issued", case_id, kind=kind, number=number, version=version.number,
               verdict=report.verdict, sha256=sha256)
        set_status(conn, who, case_id, STATUS_AFTER[kind])
    return IssuedNotice(id=notice_id, kind=kind, number=number, sha256=sha256)


def notice_pdf(engine: sa.Engine, blobs: BlobStore, notice: sa.Row) -> str:
    """The notice as PDF (LibreOffice), converted once and kept content-addressed; its sha256."""
    from generators.fill import convert_to_pdf

    if notice.pdf_sha256:
        return notice.pdf_sha256
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / "notice.docx"
        docx.write_bytes(blobs.path(notice.sha256).read_bytes())
        (pdf,) = convert_to_pdf([docx], Path(folder))
        sha256 = blobs.put_bytes(pdf.read_bytes())
    with engine.begin() as conn:
        conn.execute(sa.update(notices).where(notices.c.id == notice.id).values(pdf_sha256=sha256))
    return sha256


def case_notices(conn: sa.Connection, case_id: int) -> list[sa.Row]:
    return list(conn.execute(sa.select(notices).where(notices.c.case_id == case_id).order_by(notices.c.id)))


def notice_filename(notice: sa.Row, lang: str, suffix: str = ".docx") -> str:
    zh, en = NOTICE_TITLES[notice.kind]
    return f"{en if lang == 'en' else zh}-{notice.case_id}-{notice.id}{suffix}"
