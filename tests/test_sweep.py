"""One sweep over every city (docs/CONVENTIONS.md item 9): a new city needs no new test code."""
from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest

from validator.check.pipeline import run_check
from validator.checklists.loader import list_cities, load_checklist
from validator.rules.context import CheckOptions
from validator.resources import data_file
from validator.vocabulary import ids

SCHEMA = json.loads(data_file("report.schema.json").read_text(encoding="utf-8"))
CITIES = list_cities()


def _as_of(city: str) -> date:
    """A day on which the city accepts applications (Shandong only within its window)."""
    window = load_checklist(city).rule("outside_application_window")
    return date.fromisoformat(str(window.params["start"])) if window else date(2026, 11, 23)


def _targets(city: str):
    checklist = load_checklist(city)
    for kind in sorted(checklist.kinds):
        for scheme in sorted(checklist.schemes) or [None]:
            yield kind, scheme


def test_every_city_of_the_vocabulary_has_a_checklist():
    assert ids("cities") <= set(CITIES)


@pytest.mark.parametrize("city", CITIES)
def test_an_empty_folder_misses_every_required_material(city, tmp_path):
    for kind, scheme in _targets(city):
        report = run_check(CheckOptions(package=tmp_path, city=city, kind=kind, scheme=scheme,
                                        as_of=_as_of(city)))
        jsonschema.validate(report.to_dict(), SCHEMA)
        missing = {f.material for f in report.findings if f.code == "missing_material"}
        required = {m.material for m in report.materials if m.status == "missing"}
        assert missing == required and missing, (city, kind, scheme)
        assert report.verdict == "incomplete"


@pytest.mark.parametrize("city", CITIES)
def test_a_folder_of_junk_gives_findings_not_exceptions(city, tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "c.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (tmp_path / "d.xlsx").write_bytes(b"")
    (tmp_path / "e.txt").write_text("随便写的一段文字", encoding="utf-8")
    kind, scheme = next(_targets(city))
    report = run_check(CheckOptions(package=tmp_path, city=city, kind=kind, scheme=scheme,
                                    as_of=_as_of(city)))
    jsonschema.validate(report.to_dict(), SCHEMA)
    codes = {f.code for f in report.findings}
    assert {"unreadable_file", "empty_file"} <= codes
    assert report.verdict != "complete"
