"""The JSON API; the pages poll it for progress, scripts may use all of it."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from validator.desk import register
from validator.desk.diff import compare
from validator.desk.forms import case_fields, checked_form, principal, store_upload
from validator.desk.metrics import metrics
from validator.desk.listing import RegisterFilter, list_cases, row_dict
from validator.desk.notices import issue_notice, notice_filename, notice_pdf, revoke_notice, write_document
from validator.desk.refusals import refusal_text
from validator.desk.register import ActionRefused
from validator.desk.storage import UploadRefused
from validator.desk.tables import notices, versions
from validator.privacy import mask_value

Handler = Callable[[Request], Awaitable[Response]]


def answers(handler: Handler) -> Handler:
    """Refusals become ``{"error": …}`` with their status; nothing else is caught."""
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except (ActionRefused, UploadRefused) as refused:
            return JSONResponse({"error": refused.text(request.app.state.desk.settings.lang)},
                                status_code=refused.status)
    wrapped.__name__ = handler.__name__
    return wrapped


def shown_report(report: dict[str, Any] | None, viewer: Any) -> dict[str, Any] | None:
    """The report as ``--format json`` prints it, personal data masked unless the role may see it."""
    if report is None or viewer.sees_personal_data:
        return report
    return mask_value(report)  # file names too: scans are often named by the holder's ID number


def case_id_of(request: Request) -> int:
    return int(request.path_params["case_id"])


@answers
async def create_case(request: Request) -> Response:
    desk = request.app.state.desk
    form = await checked_form(request)
    fields = case_fields(form).checked(today=desk.settings.today())
    upload = await store_upload(request, form)
    with desk.engine.begin() as conn:
        case_id, _version = register.create_case(conn, principal(request).name, upload, fields)
    desk.wake_worker()
    return JSONResponse({"id": case_id, "status": "queued"}, status_code=201)


@answers
async def add_version(request: Request) -> Response:
    desk = request.app.state.desk
    form = await checked_form(request)
    upload = await store_upload(request, form)
    stated = case_fields(form)
    with desk.engine.begin() as conn:
        version_id = register.add_supplement(conn, principal(request).name, case_id_of(request), upload,
                                             stated.received, stated.as_of)
        number = conn.execute(sa.select(versions.c.number).where(versions.c.id == version_id)).scalar()
    desk.wake_worker()
    return JSONResponse({"id": case_id_of(request), "version": number, "status": "queued"}, status_code=201)


@answers
async def get_case(request: Request) -> Response:
    desk = request.app.state.desk
    with desk.engine.connect() as conn:
        case = register.get_case(conn, case_id_of(request))
        version = register.latest_version(conn, case.id)
        ahead = queue_ahead(conn, version) if version.check_status == "queued" else None
    return JSONResponse({
        "id": case.id, "status": version.check_status, "verdict": version.verdict,
        "report": shown_report(version.report, principal(request)),
        "error": refusal_text(version.check_error, desk.settings.lang) if version.check_error else None,
        "version": version.number, "case_status": case.status, "queue_ahead": ahead,
        "files_done": version.files_done, "files_total": version.files_total,
        "institution": case.institution, "uscc": case.uscc, "city": case.city, "kind": case.kind,
        "scheme": case.scheme, "procedure": case.procedure, "received": case.received.isoformat(),
        "next_due": case.next_due.isoformat() if case.next_due else None, "next_event": case.next_event,
    })


def queue_ahead(conn: sa.Connection, version: sa.Row) -> int:
    """How many checks run or wait before this queued version (the worker takes the oldest first)."""
    earlier = sa.or_(versions.c.queued_at < version.queued_at,
                     sa.and_(versions.c.queued_at == version.queued_at, versions.c.id < version.id))
    return int(conn.execute(sa.select(sa.func.count()).select_from(versions).where(
        sa.or_(versions.c.check_status == "running", sa.and_(versions.c.check_status == "queued", earlier)))).scalar() or 0)


@answers
async def list_register(request: Request) -> Response:
    wanted = RegisterFilter.from_query(request.query_params)
    with request.app.state.desk.engine.connect() as conn:
        rows, total = list_cases(conn, wanted, request.app.state.desk.settings.today())
    return JSONResponse({"total": total, "page": wanted.page, "cases": [row_dict(row) for row in rows]})


@answers
async def post_notice(request: Request) -> Response:
    desk = request.app.state.desk
    form = await checked_form(request)
    issued = await run_in_threadpool(issue_notice, desk.engine, desk.blobs, desk.renderer, case_id_of(request),
                                     principal(request).name, desk.settings.lang, desk.settings.today(),
                                     str(form.get("kind") or "") or None, form.get("confirm") == "rejection")
    with desk.engine.connect() as conn:
        notice = conn.execute(sa.select(notices).where(notices.c.id == issued.id)).one()
    return await notice_response(desk, notice, status_code=201 if issued.new else 200)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def notice_response(desk: Any, notice: sa.Row, status_code: int = 200, pdf: bool = False) -> Response:
    """The notice as an attachment (.docx, or .pdf by LibreOffice, signed when the desk signs); its
    document is written first where an earlier request could not."""
    from urllib.parse import quote

    sha256 = notice.sha256 or await run_in_threadpool(write_document, desk.engine, desk.blobs, desk.renderer,
                                                       notice, desk.settings.lang)
    pdf_sha256 = (await run_in_threadpool(notice_pdf, desk.engine, desk.blobs, desk.renderer, notice, sha256)
                  if pdf else None)
    suffix = ".pdf" if pdf_sha256 else ".docx"
    name = notice_filename(notice, desk.settings.lang, suffix)
    return Response(desk.blobs.path(pdf_sha256 or sha256).read_bytes(), status_code=status_code,
                    media_type="application/pdf" if pdf_sha256 else DOCX,
                    headers={"Content-Disposition": f"attachment; filename=\"notice-{notice.id}{suffix}\"; "
                                                    f"filename*=UTF-8''{quote(name)}",
                             "X-Document-Number": quote(notice.number), "X-Notice-Kind": notice.kind})


async def reviewer_form(request: Request) -> tuple[Any, Any, Any]:
    """(desk, form, viewer) of a request only a reviewer or an admin may make."""
    form = await checked_form(request)
    viewer = principal(request)
    if viewer.role not in ("reviewer", "admin"):
        raise ActionRefused("not_reviewer", status=403)
    return request.app.state.desk, form, viewer


@answers
async def post_revoke(request: Request) -> Response:
    """A reviewer withdraws a 不予受理告知书 on the day it was issued, with a reason (audited)."""
    desk, form, viewer = await reviewer_form(request)
    await run_in_threadpool(revoke_notice, desk.engine, case_id_of(request), int(request.path_params["notice_id"]),
                            viewer.name, str(form.get("reason") or ""), desk.settings.today())
    with desk.engine.connect() as conn:
        status = register.get_case(conn, case_id_of(request)).status
    return JSONResponse({"id": case_id_of(request), "case_status": status})


@answers
async def post_waiver(request: Request) -> Response:
    desk, form, viewer = await reviewer_form(request)
    with desk.engine.begin() as conn:
        register.add_waiver(conn, viewer.name, case_id_of(request), str(form.get("code") or ""),
                            str(form.get("material") or "") or None, str(form.get("reason") or ""))
    desk.wake_worker()
    return JSONResponse({"id": case_id_of(request), "status": "queued"}, status_code=201)


@answers
async def post_withdraw(request: Request) -> Response:
    desk = request.app.state.desk
    form = await checked_form(request)
    with desk.engine.begin() as conn:
        register.withdraw(conn, principal(request).name, case_id_of(request), str(form.get("reason") or ""))
    return JSONResponse({"id": case_id_of(request), "case_status": "withdrawn"})


@answers
async def post_recheck(request: Request) -> Response:
    desk = request.app.state.desk
    await checked_form(request)
    with desk.engine.begin() as conn:
        register.recheck(conn, principal(request).name, case_id_of(request))
    desk.wake_worker()
    return JSONResponse({"id": case_id_of(request), "status": "queued"}, status_code=202)


@answers
async def get_diff(request: Request) -> Response:
    with request.app.state.desk.engine.connect() as conn:
        found = register.case_versions(conn, case_id_of(request))
    if len(found) < 2:
        raise ActionRefused("one_version", status=404)
    viewer = principal(request)
    changes = compare(found[-2].report, found[-1].report)
    return JSONResponse({"from": found[-2].number, "to": found[-1].number,
                         **{key: [shown_finding(f, viewer) for f in value] for key, value in changes.items()}})


def shown_finding(finding: dict[str, Any], viewer: Any) -> dict[str, Any]:
    return finding if viewer.sees_personal_data else mask_value(finding)


async def healthz(request: Request) -> Response:
    desk = request.app.state.desk
    with desk.engine.connect() as conn:
        queued = conn.execute(sa.select(sa.func.count()).select_from(versions)
                              .where(versions.c.check_status.in_(("queued", "running")))).scalar()
    return JSONResponse({"ok": True, "database": desk.engine.dialect.name, "queue": queued})


routes = [
    Route("/healthz", healthz),
    Route("/metrics", metrics),
    Route("/api/cases", create_case, methods=["POST"]),
    Route("/api/cases", list_register, methods=["GET"]),
    Route("/api/cases/{case_id:int}", get_case),
    Route("/api/cases/{case_id:int}/versions", add_version, methods=["POST"]),
    Route("/api/cases/{case_id:int}/notice", post_notice, methods=["POST"]),
    Route("/api/cases/{case_id:int}/waivers", post_waiver, methods=["POST"]),
    Route("/api/cases/{case_id:int}/notices/{notice_id:int}/revoke", post_revoke, methods=["POST"]),
    Route("/api/cases/{case_id:int}/withdraw", post_withdraw, methods=["POST"]),
    Route("/api/cases/{case_id:int}/recheck", post_recheck, methods=["POST"]),
    Route("/api/cases/{case_id:int}/diff", get_diff),
]
