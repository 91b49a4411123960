"""The shipped samples give their expected verdicts and findings, and the builder reproduces them."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from samples.build import dump_expected
from validator.check.pipeline import run_check
from validator.rules.context import CheckOptions
from validator.report.messages import unfilled
from validator.resources import data_file, list_cities

PACKAGES = Path(__file__).resolve().parent.parent / "samples" / "packages"
SCHEMA = json.loads(data_file("report.schema.json").read_text(encoding="utf-8"))
SAMPLES = sorted(path for path in PACKAGES.iterdir() if path.is_dir())


def _expected(package: Path) -> dict:
    return json.loads(package.with_name(f"{package.name}.expected.json").read_text(encoding="utf-8"))


def test_every_city_has_a_complete_and_a_defective_sample():
    cities = {_expected(p)["city"] for p in SAMPLES}
    assert cities == set(list_cities())
    for city in cities:
        verdicts = {_expected(p)["verdict"] for p in SAMPLES if _expected(p)["city"] == city}
        assert "complete" in verdicts and verdicts - {"complete"}, city


@pytest.mark.slow  # OCR of the sample scans and photos
@pytest.mark.parametrize("package", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_gives_its_expected_report(package, request):
    """Verdict, the codes the sample was built to show, and every finding (code, severity,
    material, file) exactly: an extra finding fails. ``pytest --update-golden`` rewrites the
    findings in <sample>.expected.json for review."""
    expected = _expected(package)
    report = run_check(CheckOptions(package=package, as_of=date.fromisoformat(expected["as_of"])))
    assert (report.city, report.kind, report.scheme) == (expected["city"], expected["kind"], expected["scheme"])
    jsonschema.validate(report.to_dict(), SCHEMA)
    assert not [(f.code, unfilled(f)) for f in report.findings if unfilled(f)]
    codes = {finding.code for finding in report.findings}
    errors = [f"{f.code} {f.file} {f.found}" for f in report.findings if f.is_error]
    assert report.verdict == expected["verdict"], errors
    if expected["verdict"] == "complete":
        assert not errors
    assert set(expected.get("codes", [])) <= codes, codes
    found = [list(row) for row in report.flatten()]
    if request.config.getoption("--update-golden"):
        path = package.with_name(f"{package.name}.expected.json")
        path.write_text(dump_expected({**expected, "findings": found}), encoding="utf-8")
        return
    assert "findings" in expected, f"{package.name}.expected.json has no findings: run pytest --update-golden"
    assert found == expected["findings"]


def test_the_builder_reproduces_the_shipped_samples(tmp_path):
    from samples.build import build_all

    built = build_all(tmp_path)
    assert sorted(p.name for p in built) == [p.name for p in SAMPLES]
    for fresh in built:
        shipped = PACKAGES / fresh.name
        assert sorted(f.name for f in fresh.iterdir()) == sorted(f.name for f in shipped.iterdir())
        assert _expected(fresh) == {key: value for key, value in _expected(shipped).items() if key != "findings"}
