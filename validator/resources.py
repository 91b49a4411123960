"""Where the shipped data lives: the same code path in a checkout, an editable install and a wheel;
and the extra folders a user adds cities from (DINGDIAN_EXTRA_DATA)."""
from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from validator.yaml_cache import parsed


def data_file(name: str) -> Traversable:
    return _data_folder().joinpath(name)


@lru_cache(maxsize=1)
def _data_folder() -> Traversable:
    return files("validator.data")


def checklists_dir() -> Traversable:
    return files("dingdian_checklists")


def forms_dir() -> Traversable:
    return files("dingdian_forms")


# Folders (separated by os.pathsep) that add cities without touching the installation: each may
# hold checklists/<city>.yaml (a city there replaces a shipped one of the same id) and forms/
# (a catalog.yaml whose templates sit below that forms/ folder). See checklists/README.md.
EXTRA_DATA_ENV = "DINGDIAN_EXTRA_DATA"


def extra_dirs() -> tuple[Path, ...]:
    return tuple(Path(part) for part in os.environ.get(EXTRA_DATA_ENV, "").split(os.pathsep) if part)


def checklist_files() -> dict[str, Traversable]:
    """Every checklist file by its id (the file name): shipped, then the extra folders'."""
    found: dict[str, Traversable] = {}
    for folder in (checklists_dir(), *(extra / "checklists" for extra in extra_dirs())):
        if folder.is_dir():
            found.update({entry.name[:-len(".yaml")]: entry for entry in sorted(folder.iterdir(), key=lambda e: e.name)
                          if entry.name.endswith(".yaml")})
    return found


def list_cities() -> list[str]:
    """Cities with a checklist (the national baseline is not a city)."""
    return sorted(name for name in checklist_files() if name != "national")


def load_yaml(text: str) -> Any:
    """Safe YAML (no object construction) with the fastest parser available: LibYAML's where
    PyYAML was built with it (the pure-Python one is several times slower)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def load_data_yaml(name: str) -> Any:
    """A shipped data file, parsed once per content (validator/yaml_cache.py)."""
    return parsed(data_file(name).read_text(encoding="utf-8"), load_yaml)
