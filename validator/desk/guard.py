"""Every request passes here: host, size, origin, and who is asking.

* A loopback desk answers only to loopback host names (a web page cannot reach it by DNS
  rebinding) and acts for one local user without login.
* Otherwise a request needs a session cookie or an ``Authorization: Bearer`` token; pages
  without one are sent to /login, API calls get 401. /healthz, /login and /static are open.
* A body larger than the upload limit is refused before it is read (413); a POST without a
  length is refused (411).
* A state-changing request from another site (Origin or Sec-Fetch-Site) is refused (403);
  the CSRF token itself is checked where the form is read (forms.checked_form).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from validator.desk.auth import LOCAL, resolve
from validator.desk.refusals import Refusal
from validator.desk.settings import is_loopback

SESSION_COOKIE = "dingdian_session"
OPEN_PATHS = ("/healthz", "/metrics", "/login", "/static/")  # figures only, for the monitoring
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# No page of the desk may be framed by another site, sniffed into another type, or leak its URL.
SECURITY_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "Cache-Control": "no-store"}
HSTS = "max-age=31536000"


class Guard:
    def __init__(self, app: ASGIApp, desk: Any) -> None:
        self.app, self.desk = app, desk

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self.refusal(request)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if self.desk.settings.https:  # browsers then never try the desk over plain http
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await (refusal or self.app)(scope, receive, send_with_headers)

    def refusal(self, request: Request) -> Response | None:
        settings = self.desk.settings
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if settings.local_mode and not is_loopback(host or "localhost"):
            return _refuse(request, Refusal("loopback_only", 421), settings.lang)
        unsafe = request.method not in SAFE_METHODS
        if unsafe and (problem := _size_problem(request, settings.max_upload)):
            return _refuse(request, problem, settings.lang)
        if unsafe and _cross_site(request):
            return _refuse(request, Refusal("cross_site", 403), settings.lang)
        principal, bearer = self.principal(request)
        if principal is None and not request.url.path.startswith(OPEN_PATHS):
            if request.url.path.startswith("/api/"):
                return JSONResponse({"error": Refusal("login_required").text(settings.lang)}, status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})
            return RedirectResponse("/login", status_code=303)
        request.scope.setdefault("state", {}).update(principal=principal, bearer=bearer)
        return None

    def principal(self, request: Request) -> tuple[Any, bool]:
        if self.desk.settings.local_mode:
            return LOCAL, False
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return resolve(self.desk.engine, header[7:].strip(), "api"), True
        cookie = request.cookies.get(SESSION_COOKIE)
        return (resolve(self.desk.engine, cookie, "session") if cookie else None), False


def _size_problem(request: Request, limit: int) -> Refusal | None:
    length = request.headers.get("content-length")
    if length is None:
        return Refusal("length_required", 411) if request.headers.get("transfer-encoding") else None
    if not length.isdigit() or int(length) > limit:
        return Refusal("too_large", 413, mb=limit // (1024 * 1024))
    return None


def _cross_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc != request.headers.get("host")


def _refuse(request: Request, refusal: Refusal, lang: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": refusal.text(lang)}, status_code=refusal.status)
    return PlainTextResponse(refusal.text(lang), status_code=refusal.status)
