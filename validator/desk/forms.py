"""Reading a form: bounded multipart parsing, the CSRF check, and storing an uploaded package."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from validator.desk.auth import csrf_ok
from validator.desk.register import ActionRefused, CaseFields, Upload
from validator.desk.storage import guard_package
from validator.intake.limits import DEFAULT_LIMITS

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
        form = await request.form(max_files=DEFAULT_LIMITS.max_files, max_fields=30)
    except Exception as error:  # noqa: BLE001 - a malformed body of any kind is the sender's problem
        raise ActionRefused("malformed_form", status=400) from error
    if needs_csrf(request):
        given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        if not csrf_ok(request.app.state.desk.secret, principal(request), str(given or "")):
            raise ActionRefused("csrf", status=403)
    return form


async def store_upload(request: Request, form: FormData) -> Upload:
    """The ``package`` file (or the files of a ``folder`` a browser sent), stored content-addressed
    after the package guards accepted it."""
    desk = request.app.state.desk
    upload = form.get("package")
    folder = [part for part in form.getlist("folder") if isinstance(part, UploadFile) and part.filename]
    if isinstance(upload, UploadFile) and upload.filename:
        stream, name = upload.file, safe_name(upload.filename)
    elif folder:
        stream, name = await run_in_threadpool(zip_folder, folder), folder_name(folder)
    else:
        raise ActionRefused("no_package", status=400)
    with stream:
        sha256, size = await run_in_threadpool(desk.blobs.put_stream, stream, desk.settings.max_upload,
                                               guard_package)
    return Upload(sha256=sha256, size=size, filename=name)


def _entry_parts(name: str) -> list[str]:
    """A browser's relative path ("申报材料/证照/执业许可证.pdf") as safe parts: no "..", no root."""
    return [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]


def folder_name(parts: list[UploadFile]) -> str:
    tops = {(_entry_parts(part.filename or "") or ["package"])[0] for part in parts}
    return safe_name(f"{tops.pop()}.zip" if len(tops) == 1 else "package.zip")


def zip_folder(parts: list[UploadFile]) -> BinaryIO:
    """The folder as a zip (the form a package is stored in); its top folder is dropped, as a
    package's root. The zip is then checked like any uploaded one."""
    out = tempfile.SpooledTemporaryFile(max_size=16 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            names = _entry_parts(part.filename or "")
            entry = "/".join(names[1:] if len(names) > 1 else names)
            if entry:
                with archive.open(entry, "w") as member:
                    shutil.copyfileobj(part.file, member)
    out.seek(0)
    return out


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
        raise ActionRefused("bad_date", status=400, field=name, value=value) from None
