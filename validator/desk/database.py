"""The engine, migrations applied at start, and the one clock every row uses."""
from __future__ import annotations

from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from validator.desk.private import private_file
from validator.catalogue import t
from validator.errors import UsageError


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def make_engine(url: str) -> sa.Engine:
    """SQLite gets WAL (readers never wait for the worker), foreign keys and a busy timeout."""
    try:
        if url.startswith("sqlite"):
            database = sa.engine.make_url(url).database
            if database and database != ":memory:":
                private_file(Path(database))  # SQLite creates its -wal and -shm with the database's mode
                for left in (Path(database + "-wal"), Path(database + "-shm")):
                    if left.exists():  # made by an older desk under a loose umask
                        left.chmod(0o600)
            engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise UsageError(t("desk_bad_db_url", url=url.split('@')[-1], reason=error)) from None


def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a server killed mid-write keeps every commit
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: sa.Engine, target: str = "head") -> None:
    """Applies the Alembic migrations the database lacks, up to ``target`` (scripts in desk/migrations)."""
    config = Config()
    config.set_main_option("script_location", str(files("validator.desk") / "migrations"))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except sa.exc.OperationalError as error:
        raise UsageError(t("desk_cannot_open_db", reason=error.orig)) from None
