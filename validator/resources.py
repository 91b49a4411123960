"""Where the shipped data lives: the same code path in a checkout, an editable install and a wheel."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import yaml


def data_file(name: str) -> Traversable:
    return files("validator.data").joinpath(name)


def checklists_dir() -> Traversable:
    return files("dingdian_checklists")


def forms_dir() -> Traversable:
    return files("dingdian_forms")


# LibYAML's parser where PyYAML was built with it; the pure-Python one is several times slower.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Safe YAML (no object construction) with the fastest parser available."""
    return yaml.load(text, Loader=_SafeLoader)


@lru_cache(maxsize=None)
def load_data_yaml(name: str) -> Any:
    return load_yaml(data_file(name).read_text(encoding="utf-8"))
