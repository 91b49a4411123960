"""The words dingdian says to people, in Chinese or English, from one catalogue
(validator/data/cli_messages.yaml, and error_messages.yaml for errors), and the language of this run. The command line settles the
language (validator/cli/i18n.py); core modules that speak to the user (the cache's warning, the
target's "give --city") take their words from here, so they need not import the command line.
"""
from __future__ import annotations

from typing import Any

from validator import cache
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


class Said(str):
    """A message of the catalogue in one language, keeping the key and values it was said from:
    an error raised with it (validator.errors.DingdianError) carries them, so it can be said again
    in another language (``say_again``) and a test can tell it from English written in code."""

    key: str
    values: dict[str, Any]


def _entry(key: str) -> Any:
    messages = catalogue()["messages"]
    return messages[key] if key in messages else load_data_yaml("error_messages.yaml")[key]


def t(key: str, /, language: str | None = None, **values: Any) -> Said:
    """A message of the catalogue (cli_messages.yaml ``messages``, else error_messages.yaml), formatted
    with ``values``."""
    said = Said(pick(_entry(key), language).format(**values))
    said.key, said.values = key, values
    return said


def say_again(message: str, language: str | None = None) -> str:
    """A message in ``language``: a catalogue message is said again from its key (and so are the catalogue
    messages among its values); other text as it is."""
    key = getattr(message, "key", None)
    if not key:
        return message
    return t(key, language, **{name: say_again(value, language) for name, value in message.values.items()})


def _unwritable_cache(root: Any, reason: str) -> str:
    return f"dingdian: {t('warning')}: {t('cache_unwritable', path=root, reason=reason)}"


cache.UNWRITABLE.append(_unwritable_cache)  # the cache's one warning, in the run's language
