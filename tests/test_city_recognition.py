"""Cross-city recognition clashes, caught in the fast tier (issue 26 item 5): on every sample's own
papers, read without OCR and without its profile, the sample's city wins the vote of the cities'
``recognise:`` signals by the margin ``dingdian check`` requires (twice the runner-up).

A new city's signals can out-vote another city's on that city's own papers (a Shandong package
holds the Jinan agreement copy, which names Jinan's agency): without a profile, ``check`` then
stops with exit 2. The slow tests/test_target.py also OCRs the scans; this one reads text layers
and Office files only, so it runs in the inner loop for every city the samples cover.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from validator.check.pipeline import read_package
from validator.check.target import city_scores, infer_city
from validator.intake.package import open_package

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packages"


def own_papers(tmp_path: Path, sample: str) -> tuple[str, list]:
    """The sample's city and its documents, read without OCR and without its profile."""
    city = yaml.safe_load((SAMPLES / sample / "profile.yaml").read_text(encoding="utf-8"))["city"]
    copy = tmp_path / sample
    shutil.copytree(SAMPLES / sample, copy)
    (copy / "profile.yaml").unlink()
    return city, read_package(open_package(copy, None), ocr=False)[1]


def clashes(city: str, documents: list) -> dict[str, list[str]]:
    """Other cities whose signals on ``city``'s papers keep it from winning, with their evidence."""
    scores = city_scores(documents)
    assert city in scores, f"no {city} signal on its papers read without OCR"
    return {other: evidence for other, (score, evidence) in scores.items()
            if other != city and 2 * score > scores[city][0]}


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.iterdir() if path.is_dir()))
def test_a_sample_city_wins_on_its_own_papers(tmp_path, sample):
    city, documents = own_papers(tmp_path, sample)
    found = clashes(city, documents)
    assert not found, f"{sample}: other cities' recognise: signals out-vote {city} on its own papers: {found}"
    assert infer_city(documents)[0] == city


def test_a_new_city_naming_another_city_agency_is_caught(tmp_path, monkeypatch):
    """The regression of issue 26: a Jinan city whose agency is printed on Shandong's own papers."""
    from validator.check import target

    cities, recognise = target._cities(), target._recognise
    jinan = {"authorities": ["济南市医疗保障事业中心"], "places": ["济南市"], "names": ["济南"]}
    monkeypatch.setattr(target, "_cities", lambda: [*cities, "jinan"])
    monkeypatch.setattr(target, "_recognise", lambda city: jinan if city == "jinan" else recognise(city))
    city, documents = own_papers(tmp_path, "shandong-provincial-hospital-complete")
    assert "jinan" in clashes(city, documents)
