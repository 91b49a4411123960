"""Where the desk keeps its data and how it is reached: one immutable settings value."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from platformdirs import user_data_dir

DEFAULT_PORT = 8750
DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024  # a scanned package is tens of MB; 200 MB leaves room
DEFAULT_ZONE = "Asia/Shanghai"  # Beijing time, the agencies' own
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def default_data_dir() -> Path:
    """The user data folder (platformdirs), e.g. ~/.local/share/dingdian/desk."""
    return Path(user_data_dir("dingdian", appauthor=False)) / "desk"


def is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def ui_lang(lang: str | None = None) -> str:
    """--lang, else DINGDIAN_LANG, else Chinese."""
    chosen = (lang or os.environ.get("DINGDIAN_LANG") or "zh").lower()
    return "en" if chosen.startswith("en") else "zh"


@dataclass(frozen=True)
class NoticeSigning:
    """The agency's PKCS#12 file, read once at start, and its password; the render process loads
    pyHanko's signer from them when it starts (pyHanko's asn1crypto objects do not survive
    pickling into a fresh process)."""
    p12: bytes = field(repr=False)
    password: bytes = field(repr=False)
    timestamp_url: str | None = None  # [signatures] timestamp_url: an RFC 3161 server, none by default

    @classmethod
    def load(cls, p12: Path, password: bytes, timestamp_url: str | None = None) -> NoticeSigning:
        """Checked as ``check --sign-with`` checks it: a wrong password or file is one line (InputError)."""
        from validator.signatures.sign import load_signer

        load_signer(p12, password)
        return cls(p12.read_bytes(), password, timestamp_url)

    def signer(self) -> Any:
        """pyHanko's signer (in the render process)."""
        import validator.signatures  # noqa: F401 - first: it quiets pyHanko's DSA deprecation notice
        from pyhanko.sign import signers

        return signers.SimpleSigner.load_pkcs12_data(self.p12, other_certs=[], passphrase=self.password)


@dataclass(frozen=True)
class DeskSettings:
    data_dir: Path
    db_url: str
    host: str = "127.0.0.1"
    lang: str = "zh"
    max_upload: int = DEFAULT_MAX_UPLOAD
    start_worker: bool = True  # tests that only read the register switch it off
    behind_proxy: str | None = None  # "https": TLS ends at a reverse proxy (Secure cookies, HSTS)
    scheduler: str | None = None  # tcp://HOST:PORT: checks run on that Dask cluster (dask_checks.py)
    zone: str = DEFAULT_ZONE  # the time zone of the pages' times and of "today" (the agency's)
    signing: NoticeSigning | None = None  # serve --sign-with: the PDF notices are signed; None: unsigned

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.zone)).date()

    def local_time(self, utc: datetime) -> datetime:
        """A stored naive UTC time in the desk's zone."""
        return utc.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(self.zone))

    @property
    def https(self) -> bool:
        return self.behind_proxy == "https"

    @property
    def local_mode(self) -> bool:
        """Bound to loopback: one local user, no login."""
        return is_loopback(self.host)

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def report_dir(self) -> Path:
        return self.data_dir / "reports"


def make_settings(data_dir: Path | None = None, db_url: str | None = None, host: str = "127.0.0.1",
                  lang: str | None = None, **extra: object) -> DeskSettings:
    folder = Path(data_dir) if data_dir else default_data_dir()
    url = db_url or f"sqlite:///{folder / 'desk.sqlite3'}"
    if url.startswith("postgresql://"):  # psycopg 3, not SQLAlchemy's psycopg2 default
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return DeskSettings(data_dir=folder, db_url=url, host=host, lang=ui_lang(lang), **extra)  # type: ignore[arg-type]
