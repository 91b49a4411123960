"""An office's defaults in one TOML file: city, issuing agency, language, negative list, waivers file.

Where: ``--config FILE``, else ``$DINGDIAN_CONFIG``, else ``config.toml`` in the user config folder
(platformdirs: ``~/.config/dingdian/config.toml`` on Linux). Example::

    city = "威海"
    agency = "威海市医疗保险事业中心"
    lang = "zh"
    negative_list = "/srv/intake/负面清单.xlsx"
    waivers = "/srv/intake/豁免.yaml"
    audience = "clerk"        # "applicant" on a clinic's own machine

    [signatures]              # electronic signatures (validator/signatures/)
    trust_roots = "/srv/intake/根证书"   # folder of trusted root certificates; without it signers are not verified
    timestamp_url = "http://tsa.example.gov.cn/tsa"  # RFC 3161 server for --sign-with; none by default
    sign_with = "/srv/intake/agency.p12"  # the desk (dingdian serve) signs its PDF notices with it

Options on the command line win over the file; the file's values become click defaults.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from validator.cli.i18n import t
from validator.errors import InputError, UsageError

# config key -> (commands, option parameter name)
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "city": (("check", "batch", "fill", "forms", "profile", "deadline"), "city"),
    "agency": (("check", "batch"), "agency"),
    "negative_list": (("check", "batch"), "negative_list"),
    "waivers": (("check", "batch"), "waivers_file"),
    "lang": ((), "lang"),
    "audience": (("check",), "audience"),  # a clinic's own machine: applicant
}
# the [signatures] table's keys, same shape
SIGNATURE_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "trust_roots": (("check",), "trust_roots"),
    "timestamp_url": (("check", "serve"), "timestamp_url"),
    "sign_with": (("serve",), "sign_with"),  # check signs only when asked: its notice may be a .docx
}


def default_path() -> Path:
    return user_config_path("dingdian") / "config.toml"


def config_from_argv(argv: list[str]) -> tuple[Path | None, bool]:
    """The config file to read and whether the user named it (a named file must exist)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and index + 1 < len(argv):
            return Path(argv[index + 1]), True
        if arg.startswith("--config="):
            return Path(arg.split("=", 1)[1]), True
    if os.environ.get("DINGDIAN_CONFIG"):
        return Path(os.environ["DINGDIAN_CONFIG"]), True
    path = default_path()
    return (path, False) if path.is_file() else (None, False)


def load_config(path: Path | None, named: bool) -> dict[str, Any]:
    if path is None:
        return {}
    if sys.version_info >= (3, 11):  # imported only when there is a file: most runs have none
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        if not named:
            return {}
        raise InputError(t("config_bad", path=path, reason=error.strerror)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(t("config_bad", path=path, reason=getattr(error, "strerror", None) or error)) from error
    except tomllib.TOMLDecodeError as error:
        raise UsageError(t("config_bad", path=path, reason=error)) from error
    unknown = sorted(set(data) - set(KEYS) - {"signatures"})
    if unknown:
        raise UsageError(t("config_unknown", path=path, key=unknown[0], known=", ".join([*KEYS, "signatures"])))
    data.update(_signatures_table(data.pop("signatures", {}), path))
    # Relative paths in the file are relative to the file, not to wherever the command runs.
    for key in ("negative_list", "waivers", "trust_roots", "sign_with"):
        if key in data:
            data[key] = str((path.parent / str(data[key])).expanduser())
    return data


def _signatures_table(table: Any, path: Path) -> dict[str, Any]:
    unknown = sorted(set(table) - set(SIGNATURE_KEYS)) if isinstance(table, dict) else ["signatures"]
    if unknown:
        raise UsageError(t("config_unknown", path=path, key=f"signatures.{unknown[0]}",
                           known=", ".join(f"signatures.{key}" for key in SIGNATURE_KEYS)))
    return table


def default_map(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """click's default_map: {command: {parameter: value}}."""
    defaults: dict[str, dict[str, Any]] = {}
    for key, value in config.items():
        commands, parameter = {**KEYS, **SIGNATURE_KEYS}[key]
        for command in commands:
            defaults.setdefault(command, {})[parameter] = value
    return defaults
