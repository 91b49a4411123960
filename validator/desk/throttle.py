"""Login attempts limited per user name and per address, across every desk process.

Failures are counted in the database (``login_attempts``), so two desk processes behind one
address share the count. Five wrong passwords for one name within 15 minutes lock that name
for 15 minutes; twenty from one address lock the address. An admin lifts a lock at once with
``dingdian users unlock``. Names that do not exist are counted like real ones, so a lock-out
says nothing about which names exist.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from validator.desk.database import utcnow
from validator.desk.tables import login_attempts

WINDOW = timedelta(minutes=15)
LIMITS = {"user": 5, "address": 20}


def keys(name: str, address: str | None) -> list[str]:
    return [f"user:{name.strip()}"] + ([f"address:{address}"] if address else [])


def _limit(key: str) -> int:
    return LIMITS[key.split(":", 1)[0]]


def locked(conn: sa.Connection, names: list[str]) -> bool:
    """True while any of the keys is locked out."""
    until = conn.execute(sa.select(sa.func.max(login_attempts.c.locked_until))
                         .where(login_attempts.c.key.in_(names))).scalar()
    return until is not None and until > utcnow()


def failed(conn: sa.Connection, names: list[str]) -> None:
    """Counts a failure against each key; a key reaching its limit within the window is locked."""
    now = utcnow()
    for key in names:
        row = conn.execute(sa.select(login_attempts).where(login_attempts.c.key == key)).first()
        fresh = row is None or row.first_at < now - WINDOW
        failures = 1 if fresh else row.failures + 1
        values = {"failures": failures, "first_at": now if fresh else row.first_at,
                  "locked_until": now + WINDOW if failures >= _limit(key) else None}
        if row is None:
            conn.execute(sa.insert(login_attempts).values(key=key, **values))
        else:
            conn.execute(sa.update(login_attempts).where(login_attempts.c.key == key).values(**values))


def succeeded(conn: sa.Connection, name: str) -> None:
    conn.execute(sa.delete(login_attempts).where(login_attempts.c.key == f"user:{name.strip()}"))


def unlock(engine: sa.Engine, name: str | None = None, address: str | None = None) -> int:
    """Lifts the lock-out of a user name and/or an address; how many locks were lifted."""
    chosen = ([f"user:{name.strip()}"] if name else []) + ([f"address:{address}"] if address else [])
    with engine.begin() as conn:
        return conn.execute(sa.delete(login_attempts).where(login_attempts.c.key.in_(chosen))).rowcount
