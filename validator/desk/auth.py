"""Users, passwords (argon2), login sessions and API tokens, roles and CSRF tokens.

Tokens are 32 random bytes shown once; the database keeps their sha256 only. A session
lives 12 hours (one working day at the window). The CSRF token of a page is an HMAC of
the session token (or of "local" on a loopback desk) under a secret kept in the data
folder, so it needs no table and survives a restart.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from validator.desk import throttle
from validator.desk.database import utcnow
from validator.desk.tables import tokens, users
from validator.catalogue import t
from validator.errors import UsageError

ROLES = ("clerk", "reviewer", "admin")
SEES_PERSONAL_DATA = frozenset({"reviewer", "admin"})
MAY_WAIVE = frozenset({"reviewer", "admin"})
SESSION_HOURS = 12
LOCAL_USER = "本机用户"
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    token: str | None = None  # the session token (None for a bearer token or the local user)

    @property
    def sees_personal_data(self) -> bool:
        return self.role in SEES_PERSONAL_DATA


LOCAL = Principal(LOCAL_USER, "admin")


def add_user(engine: sa.Engine, name: str, role: str, password: str) -> None:
    name = name.strip()
    if role not in ROLES:
        raise UsageError(t("desk_unknown_role", role=role, roles=", ".join(ROLES)))
    if not name or len(name) > 80:
        raise UsageError(t("desk_user_name_length"))
    if len(password) < 8:
        raise UsageError(t("desk_password_length"))
    with engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first():
            raise UsageError(t("desk_user_exists", name=name))
        conn.execute(sa.insert(users).values(name=name, role=role, password_hash=_hasher.hash(password),
                                             created_at=utcnow()))


def list_users(engine: sa.Engine) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(users.c.name, users.c.role, users.c.created_at).order_by(users.c.name)))


def remove_user(engine: sa.Engine, name: str) -> None:
    """Removes a user and ends every session and token of theirs (the audit keeps their name)."""
    with engine.begin() as conn:
        user_id = conn.execute(sa.select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise UsageError(t("desk_no_user", name=name))
        conn.execute(sa.delete(tokens).where(tokens.c.user_id == user_id))
        conn.execute(sa.delete(users).where(users.c.id == user_id))


def user_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(users)).scalar() or 0)


class LoginLocked(Exception):
    """Too many failed logins for this name or from this address (throttle.py)."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def login(engine: sa.Engine, name: str, password: str, address: str | None = None) -> str | None:
    """A new session token for the right password, else None. An unknown name costs the same
    argon2 verification as a known one (a dummy hash), so the answer's time tells nothing; a
    locked name or address raises LoginLocked whatever the password."""
    name, attempt = name.strip(), throttle.keys(name, address)
    with engine.connect() as conn:
        user = conn.execute(sa.select(users).where(users.c.name == name)).first()
        locked = throttle.locked(conn, attempt)
    right = _verify(user.password_hash if user is not None else _dummy_hash(), password) and user is not None
    if locked:
        raise LoginLocked(name)
    if not right:
        _count_failure(engine, attempt)
        return None
    with engine.begin() as conn:
        throttle.succeeded(conn, name)
        return _new_token(conn, user.id, "session", utcnow() + timedelta(hours=SESSION_HOURS))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(engine: sa.Engine, attempt: list[str]) -> None:
    for _try in range(3):  # two failures at once may both insert the first row of a key
        try:
            with engine.begin() as conn:
                throttle.failed(conn, attempt)
            return
        except sa.exc.IntegrityError:
            continue


def new_api_token(engine: sa.Engine, name: str) -> str:
    with engine.begin() as conn:
        user_id = conn.execute(sa.select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise UsageError(t("desk_no_user", name=name))
        return _new_token(conn, user_id, "api", None)


def _new_token(conn: sa.Connection, user_id: int, kind: str, expires: object) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute(sa.insert(tokens).values(user_id=user_id, kind=kind, token_hash=_digest(token),
                                          created_at=utcnow(), expires_at=expires))
    return token


def resolve(engine: sa.Engine, token: str, kind: str) -> Principal | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users.c.name, users.c.role, tokens.c.expires_at)
                           .join(users, users.c.id == tokens.c.user_id)
                           .where(tokens.c.token_hash == _digest(token), tokens.c.kind == kind)).first()
    if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
        return None
    return Principal(row.name, row.role, token if kind == "session" else None)


def logout(engine: sa.Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(tokens).where(tokens.c.token_hash == _digest(token)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_secret(data_dir: Path) -> bytes:
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(secrets.token_bytes(32))
        partial.chmod(0o600)
        partial.replace(path)
    return path.read_bytes()


def csrf_token(secret: bytes, principal: Principal) -> str:
    return hmac.new(secret, (principal.token or principal.name).encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, principal: Principal, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(secret, principal), given or "")
