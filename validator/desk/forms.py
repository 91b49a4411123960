"""Reading a form: bounded multipart parsing, the CSRF check, and storing an uploaded package."""
from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from validator.desk.auth import csrf_ok
from validator.desk.register import ActionRefused, CaseFields, Upload
from validator.desk.storage import guard_package

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_BROWSER_HEADERS = ("origin", "referer", "cookie", "sec-fetch-site")


def principal(request: Request) -> Any:
    return request.scope["state"]["principal"]


def needs_csrf(request: Request) -> bool:
    """Bearer-token calls are scripts; on a loopback desk so are calls with no browser header."""
    if request.scope["state"].get("bearer"):
        return False
    if request.app.state.desk.settings.local_mode:
        return any(name in request.headers for name in _BROWSER_HEADERS)
    return True


async def checked_form(request: Request) -> FormData:
    try:
        form = await request.form(max_files=2, max_fields=30)
    except Exception as error:  # noqa: BLE001 - a malformed body of any kind is the sender's problem
        raise ActionRefused(f"malformed form: {error}", status=400) from None
    if needs_csrf(request):
        given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        if not csrf_ok(request.app.state.desk.secret, principal(request), str(given or "")):
            raise ActionRefused("CSRF 校验失败，请刷新页面后重试 / CSRF check failed: reload the page", status=403)
    return form


async def store_upload(request: Request, form: FormData) -> Upload:
    """The ``package`` file, stored content-addressed after the package guards accepted it."""
    desk = request.app.state.desk
    upload = form.get("package")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ActionRefused("请选择材料包文件（package）/ the form needs a file field 'package'", status=400)
    sha256, size = await run_in_threadpool(desk.blobs.put_stream, upload.file, desk.settings.max_upload,
                                           guard_package)
    return Upload(sha256=sha256, size=size, filename=safe_name(upload.filename))


def safe_name(name: str) -> str:
    """The base name only, printable, at most 200 characters: it is shown, never used as a path."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip() or "package.zip"
    return cleaned[-200:]


def case_fields(form: FormData) -> CaseFields:
    def text(key: str) -> str | None:
        value = form.get(key)
        return value.strip() or None if isinstance(value, str) else None

    return CaseFields(city=text("city"), kind=text("kind"), scheme=text("scheme"),
                      procedure=text("procedure") or "application", received=_date(text("received"), "received"),
                      as_of=_date(text("as_of"), "as_of"), institution=text("institution"), uscc=text("uscc"))


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ActionRefused(f"{name}: {value!r} is not a date YYYY-MM-DD", status=400) from None
