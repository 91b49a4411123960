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


@lru_cache(maxsize=None)
def load_data_yaml(name: str) -> Any:
    return yaml.safe_load(data_file(name).read_text(encoding="utf-8"))
