"""``dingdian desk backup`` / ``restore``: the register, its blobs and its secret in one file.

The backup is a tar archive (mode 0600) holding the database (SQLite: a consistent copy made with
SQLite's online backup API while the desk runs; PostgreSQL: ``pg_dump --format=custom``), the
blob store (packages and notices) and ``secret.key``. A restore goes into an empty register only
(a fresh data folder or database), then applies the migrations a newer desk needs.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import sqlalchemy as sa

from validator.desk.database import make_engine, migrate
from validator.desk.private import private_dir
from validator.desk.settings import DeskSettings
from validator.desk.tables import cases
from validator.catalogue import t
from validator.errors import UsageError

SQLITE_MEMBER, PG_MEMBER = "database.sqlite3", "database.pgdump"


def _libpq_url(url: sa.URL) -> str:
    """The URL as pg_dump takes it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise UsageError(t("backup_tool_missing", tool=command[0]))
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or [""]
        raise UsageError(t("backup_tool_failed", tool=command[0], reason=last[0]))


def backup(settings: DeskSettings, out: Path) -> Path:
    url = sa.engine.make_url(settings.db_url)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if url.get_backend_name() == "sqlite":
            member = work / SQLITE_MEMBER
            source, target = sqlite3.connect(url.database), sqlite3.connect(member)
            with target:
                source.backup(target)  # a consistent copy while writers go on
            source.close()
            target.close()
        else:
            member = work / PG_MEMBER
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={member}", f"--dbname={_libpq_url(url)}"])
        partial = out.with_name(f".{out.name}.partial")
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w:gz") as archive:
            archive.add(member, member.name)
            for name in ("blobs", "secret.key"):
                if (settings.data_dir / name).exists():
                    archive.add(settings.data_dir / name, name, filter=_no_temporary)
        os.replace(partial, out)
    return out


def _no_temporary(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return None if info.name.startswith("blobs/tmp/") else info


def restore(settings: DeskSettings, source: Path) -> None:
    url = sa.engine.make_url(settings.db_url)
    private_dir(settings.data_dir)
    with tempfile.TemporaryDirectory() as folder, tarfile.open(source, "r:gz") as archive:
        archive.extractall(folder, filter="data")
        work = Path(folder)
        engine = make_engine(settings.db_url)
        try:
            if sa.inspect(engine).has_table("cases"):
                with engine.connect() as conn:
                    if conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar():
                        raise UsageError(t("restore_needs_empty_register"))
            if url.get_backend_name() == "sqlite":
                engine.dispose()
                source_db, target = sqlite3.connect(work / SQLITE_MEMBER), sqlite3.connect(url.database)
                with target:
                    source_db.backup(target)
                source_db.close()
                target.close()
            else:
                _run(["pg_restore", "--no-owner", "--clean", "--if-exists", f"--dbname={_libpq_url(url)}",
                      str(work / PG_MEMBER)])
            migrate(engine)  # a backup of an older desk is brought up to this one
        finally:
            engine.dispose()
        if (work / "blobs").exists():
            shutil.copytree(work / "blobs", settings.data_dir / "blobs", dirs_exist_ok=True)
        if (work / "secret.key").exists():
            shutil.copy2(work / "secret.key", settings.data_dir / "secret.key")
