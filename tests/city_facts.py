"""The seeds' facts that tests pin, one file per city: tests/cities/<city>.yaml.

The tests are written for every city in checklists/ (`list_cities()`); what a city's seed fixes
lives in its file here, so a sixth city brings a data file and no test edit (checklists/README.md,
"Adding a city"). Sections:

* ``effective``: the seed's date of effect as `dingdian checklist` shows it, 未载明 when it has none.
* ``materials``: rows ``{kind, scheme, procedure, facts, expect}``; ``expect`` lists every material
  the checklist resolves to, suffixed "?" when conditional and "-" when not applicable.
* ``deadlines``: rows ``{event, case, scheme, due}``; ``due`` is what `deadlines_for` gives for a
  start on 2025-09-30 (the day before National Day, so every working-day period spans it).
* ``fill_all``: `fill --all` of samples/profiles/<city>.yaml: the files ``written`` and the
  materials left to scans (``from_scans``, at least these).
* ``verbatim_forms``: the forms whose layout the seed prints (the others' layouts are the tool's).

Optional, where the seed fixes them:

* ``items``: rows ``{kind, scheme, procedure, material, copies, sections}``: what the seed asks of
  one material.
* ``rules``: rule code → the parameters the seed fixes (those named are compared; null: the city
  has no such rule).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from validator.checklists.loader import read_checklist_file
from validator.resources import checklist_files, list_cities

FOLDER = Path(__file__).resolve().parent / "cities"
SECTIONS = ("effective", "materials", "deadlines", "fill_all", "verbatim_forms")
OPTIONAL_SECTIONS = ("items", "rules")


@lru_cache(maxsize=None)
def city_facts(city: str) -> dict[str, Any]:
    """The city's pinned facts; empty when it has no file (tests/test_checklists.py says so)."""
    path = FOLDER / f"{city}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def rows(section: str) -> list[tuple[str, Any]]:
    """(city, row) for every row of ``section`` of every city, for `pytest.mark.parametrize`."""
    return [(city, row) for city in list_cities() for row in city_facts(city).get(section) or []]


def row_ids(pairs: list[tuple[str, Any]], *keys: str) -> list[str]:
    """Test ids from the city and the row's ``keys`` that are set (pytest numbers repeats)."""
    return ["-".join([city, *(str(row[key]) for key in keys if row.get(key))]) for city, row in pairs]


def own_seeds(city: str) -> set[str]:
    """The seeds the city's own checklist file cites (not those of the checklist it extends)."""
    return set(read_checklist_file(checklist_files()[city])["sources"])
