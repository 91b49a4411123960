"""Parsed YAML kept in the user's cache, so a run that finds its data files unchanged imports no YAML parser.

Every check parses the catalogue, the vocabulary, the document types, the templates and the
city's checklist: with PyYAML's import that was a tenth of a text check.  The parsed value is
stored with :mod:`marshal` under a key made of the text itself, the parser (the module that
defines it, PyYAML's release) and the Python that wrote it, so an edited file, another
parser or another Python finds nothing and parses again; nothing can go stale.  A value
marshal cannot hold (a date) is not stored, and a cache that cannot be read or written only
costs the parse (validator/cache.py).
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from validator.cache import cache_dir, cache_root, installed_release, write_private

FOLDER = "yaml"
FORMAT = "1"  # of what is stored; a change of it leaves the earlier entries unread


def parsed(text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, or the value it returned for the same text before.  ``parse`` raises on
    bad YAML as before: only a value is stored, never a failure."""
    key = _key(text, parse)
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):  # read where cache_dir would put it
        return marshal.loads((cache_root() / FOLDER / key).read_bytes())
    value = parse(text)
    with contextlib.suppress(OSError, ValueError):  # ValueError: a date, which marshal cannot hold
        write_private(cache_dir(FOLDER) / key, marshal.dumps(value))
    return value


def _key(text: str, parse: Callable[[str], Any]) -> str:
    digest = hashlib.sha256(_parser_stamp(parse.__module__).encode("utf-8") + b"\0")
    digest.update(parse.__qualname__.encode("utf-8") + b"\0" + text.encode("utf-8"))
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _parser_stamp(module: str) -> str:
    """The code a parsed value depends on: the module that parses (its loader's settings are in
    it), PyYAML's release, and the Python version (marshal's format)."""
    source = hashlib.sha256(Path(sys.modules[module].__file__).read_bytes()).hexdigest()
    return "\0".join((FORMAT, source, installed_release("yaml", "PyYAML"), sys.implementation.cache_tag or "",
                      str(marshal.version)))
