"""Shared helpers of the desk tests (no tests here): packages as zips, clients, servers, PostgreSQL."""
from __future__ import annotations

import io
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "packages"
AS_OF = "2026-11-23"  # the samples' own date (samples/packages.yaml)
LOOPBACK = "http://127.0.0.1:8750"


def zip_bytes(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()


def sample_zip(name: str) -> bytes:
    return zip_bytes(SAMPLES / name)


def client(tmp_path: Path, db_url: str | None = None, host: str = "127.0.0.1", **extra: Any):
    """A TestClient (httpx) on a fresh desk whose data folder is ``tmp_path / 'data'``."""
    import warnings

    with warnings.catch_warnings():  # Starlette 1.x nudges towards "httpx2"; httpx is what the issue names
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from validator.desk.app import create_app
    from validator.desk.settings import make_settings

    app = create_app(make_settings(tmp_path / "data", db_url, host=host, **extra))
    base = LOOPBACK if host == "127.0.0.1" else "http://desk.example:8750"
    return TestClient(app, base_url=base)


def upload(http: Any, name: str, path: str = "/api/cases", **fields: str) -> httpx.Response:
    data = {"as_of": AS_OF, "received": AS_OF, **fields}
    return http.post(path, data=data, files={"package": (f"{name}.zip", sample_zip(name), "application/zip")})


def wait_checked(http: Any, case_id: int, timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = http.get(f"/api/cases/{case_id}").json()
        if answer["status"] in ("done", "failed"):
            return answer
        time.sleep(0.1)
    raise AssertionError(f"case {case_id} not checked within {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``dingdian serve`` as a real process on a free loopback port."""

    def __init__(self, data: Path, db_url: str | None = None, host: str = "127.0.0.1") -> None:
        self.data, self.db_url, self.host = data, db_url, host
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "validator", "serve", "--host", self.host, "--port", str(self.port),
                   "--data", str(self.data)]
        return command + (["--db", self.db_url] if self.db_url else [])

    def start(self, timeout: float = 60) -> "Server":
        self.process = subprocess.Popen(self.command(), cwd=REPO, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}: {self.process.stderr.read()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("server did not answer /healthz")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def running_server(data: Path, db_url: str | None = None) -> Iterator[Server]:
    server = Server(data, db_url).start()
    try:
        yield server
    finally:
        server.stop()


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; yields its admin URL (database postgres)."""
    binaries = _pg_bin()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries are absent (apt-get install postgresql; .ci/run does)")
    folder = Path(tempfile.mkdtemp(prefix="dingdian-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data, log = folder / "data", folder / "log"

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    run(str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8")
    run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
        f"-h 127.0.0.1 -p {port} -k {folder} -F", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """CREATE DATABASE ``name`` on the cluster; its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


_database_names = itertools.count()


@pytest.fixture(scope="module")
def cluster():
    """One PostgreSQL cluster per test module (import this fixture with ``http``)."""
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def http(request, tmp_path):
    """A TestClient on a fresh desk, on SQLite and (slow) on a fresh PostgreSQL database."""
    db_url = None
    if request.param == "postgresql":
        db_url = fresh_database(request.getfixturevalue("cluster"), f"desk_{next(_database_names)}")
    with client(tmp_path, db_url) as test_client:
        test_client.backend = request.param
        yield test_client
