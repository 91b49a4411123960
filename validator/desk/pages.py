"""The HTML pages: the register, a case, login. Their forms go through the API handlers."""
from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from validator.desk import api, register
from validator.desk.auth import LoginLocked, csrf_token, login, logout
from validator.desk.dates import case_dates
from validator.desk.diff import compare
from validator.desk.export import register_workbook
from validator.desk.forms import principal
from validator.desk.guard import SESSION_COOKIE
from validator.desk.listing import RegisterFilter, due_counts, list_cases
from validator.desk.notices import case_notices
from validator.desk.renderer import report_html
from validator.desk.register import ActionRefused
from validator.desk.tables import notices, versions
from validator.desk.worker import html_report_path, version_options, write_html_reports
from validator.errors import OutputError
from validator.privacy import mask_value

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    desk = request.app.state.desk
    viewer = request.scope.get("state", {}).get("principal")
    context.update(viewer=viewer, local=desk.settings.local_mode, error=flash(desk.secret, request.query_params),
                   pdf=LIBREOFFICE is not None,
                   shown=(lambda text: text) if viewer is None or viewer.sees_personal_data else mask_value,
                   csrf=csrf_token(desk.secret, viewer) if viewer else "")
    return desk.templates.TemplateResponse(request, name, context, status_code=status_code)


def signed(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:32]


def flash(secret: bytes, query: Any) -> str | None:
    """The refusal a page form got (via_api), shown only with the desk's own signature: a link
    cannot put words of its own in the red flash."""
    message = query.get("error")
    given = query.get("sig") or ""
    return message if message and hmac.compare_digest(signed(secret, message), given) else None


def refused_page(request: Request, refusal: ActionRefused) -> Response:
    """A refusal as a page of the desk, in its language."""
    return render(request, "error.html", status_code=refusal.status,
                  message=refusal.text(request.app.state.desk.settings.lang))


async def register_page(request: Request) -> Response:
    try:
        wanted = RegisterFilter.from_query(request.query_params)
    except ActionRefused:
        wanted = RegisterFilter()
    today = request.app.state.desk.settings.today()
    with request.app.state.desk.engine.connect() as conn:
        rows, total = list_cases(conn, wanted, today)
        counts = due_counts(conn, today)
    pages = max(1, -(-total // 50))
    query = "&".join(f"{key}={quote(str(value))}" for key, value in wanted.__dict__.items()
                     if value and key != "page")
    return render(request, "register.html", rows=rows, total=total, wanted=wanted, counts=counts, today=today,
                  pages=pages, query=query)


async def case_page(request: Request) -> Response:
    desk = request.app.state.desk
    viewer = principal(request)
    with desk.engine.connect() as conn:
        try:
            case = register.get_case(conn, int(request.path_params["case_id"]))
        except ActionRefused as refused:
            return refused_page(request, refused)
        found = register.case_versions(conn, case.id)
        context = {"case": case, "versions": found, "latest": found[-1] if found else None,
                   "dates": case_dates(conn, case, desk.settings.lang), "notices": case_notices(conn, case.id),
                   "waivers": register.case_waivers(conn, case.id), "audit": register.case_audit(conn, case.id)}
    latest = context["latest"]
    report = api.shown_report(latest.report, viewer) if latest is not None else None
    changes = None
    if len(found) > 1 and found[-2].report and latest.report:
        changes = {key: [api.shown_finding(f, viewer) for f in value]
                   for key, value in compare(found[-2].report, latest.report).items()}
    return render(request, "case.html", report=report, changes=changes, **context)


def via_api(handler: api.Handler) -> api.Handler:
    """A page form: the API handler does the work; success and refusal both lead back to a page."""
    async def page(request: Request) -> Response:
        response = await handler(request)
        case_id = request.path_params.get("case_id")
        if response.status_code >= 400:
            message = json.loads(bytes(response.body))["error"]
            back = f"/cases/{case_id}" if case_id else "/"
            secret = request.app.state.desk.secret
            return RedirectResponse(f"{back}?error={quote(message)}&sig={signed(secret, message)}", status_code=303)
        if case_id is None:
            case_id = json.loads(bytes(response.body))["id"]
        return RedirectResponse(f"/cases/{case_id}", status_code=303)
    page.__name__ = f"page_{handler.__name__}"
    return page


async def notice_file(request: Request) -> Response:
    """The notice as issued (.docx), or as PDF where LibreOffice is installed."""
    desk = request.app.state.desk
    with desk.engine.connect() as conn:
        notice = conn.execute(sa.select(notices).where(notices.c.id == int(request.path_params["notice_id"]),
                                                       notices.c.case_id == int(request.path_params["case_id"]))).first()
    suffix = request.path_params["suffix"]
    if notice is None or suffix not in ("docx", "pdf"):
        return refused_page(request, ActionRefused("no_notice", status=404))
    try:
        return await api.notice_response(desk, notice, pdf=suffix == "pdf")
    except OutputError:  # no LibreOffice here, or it failed: the .docx is there
        return refused_page(request, ActionRefused("no_notice", status=404))
    except ActionRefused as refused:
        return refused_page(request, refused)


async def report_file(request: Request) -> Response:
    """The HTML report of a version (masked unless the role may see personal data), written from the
    stored package the first time it is asked for."""
    desk = request.app.state.desk
    with desk.engine.connect() as conn:
        version = conn.execute(sa.select(versions.c.id, versions.c.check_status).where(
            versions.c.case_id == int(request.path_params["case_id"]),
            versions.c.number == int(request.path_params["number"]))).first()
    if version is None or version.check_status != "done":
        return refused_page(request, ActionRefused("no_report", status=404))
    path = html_report_path(desk.settings, version.id, full=principal(request).sees_personal_data)
    if not path.is_file():
        options, filename = version_options(desk.engine, desk.blobs, version.id, desk.settings.lang)
        pages = await run_in_threadpool(desk.renderer.run, report_html, options, filename, desk.settings.lang)
        await run_in_threadpool(write_html_reports, desk.settings, version.id, pages)
    return HTMLResponse(path.read_text(encoding="utf-8"), headers={"Content-Security-Policy": REPORT_CSP})


async def export_page(request: Request) -> Response:
    desk = request.app.state.desk
    try:
        wanted = RegisterFilter.from_query(request.query_params)
    except ActionRefused as refused:
        return refused_page(request, refused)
    with desk.engine.connect() as conn:
        data = register_workbook(conn, wanted, desk.settings.lang, masked=not principal(request).sees_personal_data)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="summary.xlsx"'})


async def login_page(request: Request) -> Response:
    desk = request.app.state.desk
    if request.method == "GET":
        return render(request, "login.html")
    form = await request.form(max_files=0, max_fields=5)
    try:
        token = await run_in_threadpool(login, desk.engine, str(form.get("name") or ""),
                                        str(form.get("password") or ""), request.client.host if request.client else None)
    except LoginLocked:
        return render(request, "login.html", status_code=429, failed="login_locked")
    if token is None:
        return render(request, "login.html", status_code=401, failed="login_failed")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", max_age=12 * 3600,
                        secure=desk.settings.https)
    return response


async def logout_page(request: Request) -> Response:
    from validator.desk.forms import checked_form

    desk = request.app.state.desk
    try:
        await checked_form(request)
    except ActionRefused as refused:
        return refused_page(request, refused)
    viewer = principal(request)
    if viewer.token:
        logout(desk.engine, viewer.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


routes = [
    Route("/", register_page),
    Route("/export.xlsx", export_page),
    Route("/login", login_page, methods=["GET", "POST"]),
    Route("/logout", logout_page, methods=["POST"]),
    Route("/cases", via_api(api.create_case), methods=["POST"]),
    Route("/cases/{case_id:int}", case_page),
    Route("/cases/{case_id:int}/versions", via_api(api.add_version), methods=["POST"]),
    Route("/cases/{case_id:int}/notice", via_api(api.post_notice), methods=["POST"]),
    Route("/cases/{case_id:int}/waivers", via_api(api.post_waiver), methods=["POST"]),
    Route("/cases/{case_id:int}/notices/{notice_id:int}/revoke", via_api(api.post_revoke), methods=["POST"]),
    Route("/cases/{case_id:int}/withdraw", via_api(api.post_withdraw), methods=["POST"]),
    Route("/cases/{case_id:int}/recheck", via_api(api.post_recheck), methods=["POST"]),
    Route("/cases/{case_id:int}/notices/{notice_id:int}.{suffix:str}", notice_file),
    Route("/cases/{case_id:int}/versions/{number:int}/report.html", report_file),
]
