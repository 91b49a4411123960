"""The words dingdian says to people, in Chinese or English, from one catalogue
(validator/data/cli_messages.yaml), and the language of this run. The command line settles the
language (validator/cli/i18n.py); core modules that speak to the user (the cache's warning, the
target's "give --city") take their words from here, so they need not import the command line.
"""
from __future__ import annotations

from typing import Any

from validator.resources import load_data_yaml

LANGS = ("zh", "en")
_state = {"lang": "zh"}


def lang() -> str:
    return _state["lang"]


def set_lang(value: str | None) -> None:
    if value in LANGS:
        _state["lang"] = value


def catalogue() -> dict[str, Any]:
    return load_data_yaml("cli_messages.yaml")


def pick(entry: Any, language: str | None = None) -> str:
    """The text of a {zh, en} entry in the language (a plain string is the same in both)."""
    if isinstance(entry, dict):
        return entry.get(language or lang()) or entry.get("zh") or ""
    return entry or ""


def t(key: str, /, language: str | None = None, **values: Any) -> str:
    """A message of the catalogue, formatted with ``values``."""
    return pick(catalogue()["messages"][key], language).format(**values)
