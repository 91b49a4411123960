"""The ASGI application: one ``Desk`` (engine, blob store, worker, secret) and its routes.

``create_app`` applies the migrations, refuses a non-loopback desk without users, re-queues
checks a killed server left running, and starts the worker with the application.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator

import sqlalchemy as sa
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from validator.desk.auth import load_secret, user_count
from validator.desk.database import make_engine, migrate
from validator.desk.private import private_dir
from validator.desk.renderer import Renderer
from validator.desk.settings import DeskSettings
from validator.desk.storage import BlobStore
from validator.desk.worker import CheckWorker
from validator.catalogue import t
from validator.errors import UsageError


@dataclass
class Desk:
    settings: DeskSettings
    engine: sa.Engine
    blobs: BlobStore
    secret: bytes
    templates: Jinja2Templates
    renderer: Renderer = field(default_factory=Renderer)
    worker: CheckWorker | None = None

    def wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake.set()


def open_desk(settings: DeskSettings) -> Desk:
    private_dir(settings.data_dir)
    engine = make_engine(settings.db_url)
    migrate(engine)
    if not settings.local_mode and user_count(engine) == 0:
        raise UsageError(t("desk_needs_users", host=settings.host))
    environment = Environment(loader=PackageLoader("validator.desk", "templates"),
                              autoescape=select_autoescape(default=True))
    return Desk(settings=settings, engine=engine, blobs=BlobStore(settings.blob_dir),
                secret=load_secret(settings.data_dir), templates=Jinja2Templates(env=environment),
                renderer=Renderer(settings.signing))


async def not_found(request: Request, _error: Exception) -> Response:
    """An unknown address (``/api/cases/abc``): the catalogue's words, JSON under /api/."""
    from validator.desk.pages import refused_page
    from validator.desk.refusals import Refusal

    refusal = Refusal("not_found", 404)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": refusal.text(request.app.state.desk.settings.lang)}, status_code=404)
    if "principal" not in request.scope.get("state", {}):
        return PlainTextResponse(refusal.text(request.app.state.desk.settings.lang), status_code=404)
    return refused_page(request, refusal)


def create_app(settings: DeskSettings) -> Starlette:
    from validator.desk import api, pages
    from validator.desk.guard import Guard
    from validator.desk.words import install

    desk = open_desk(settings)
    install(desk.templates.env, settings)
    cluster = None
    if settings.scheduler and settings.start_worker:  # connect now: a wrong address is one clear line
        from validator.desk.dask_checks import DaskChecks

        cluster = DaskChecks(settings.scheduler)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if settings.start_worker:
            desk.worker = CheckWorker(desk.engine, settings, desk.blobs, cluster)
            desk.worker.start()
        try:
            yield
        finally:
            if desk.worker is not None:
                desk.worker.stop()
                desk.worker.join(timeout=5)
            desk.renderer.stop()
            desk.engine.dispose()

    routes = [*api.routes, *pages.routes,
              Mount("/static", app=StaticFiles(packages=[("validator.desk", "static")]), name="static")]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found})
    app.state.desk = desk
    app.add_middleware(Guard, desk=desk)
    return app
