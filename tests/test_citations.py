"""Each city cites its own document (issue 11 item 3): every citation reachable from city X — its
checklist items, rules and time limits, and the `source` of every finding a check of X's packages
gives — names X's seed and no other city's guide."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from validator.check import run_check
from validator.checklists import list_cities, load_checklist, read_checklist_file
from validator.context import CheckOptions
from validator.resources import checklists_dir

SEED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
PACKAGES = Path(__file__).resolve().parent.parent / "samples" / "packages"
ALL_SEEDS = {seed: title for city in list_cities()
             for seed, title in read_checklist_file(checklists_dir().joinpath(f"{city}.yaml"))["sources"].items()}


def own_seeds(city: str) -> set[str]:
    return set(read_checklist_file(checklists_dir().joinpath(f"{city}.yaml"))["sources"])


def foreign(city: str, text: str) -> list[str]:
    """Seeds of other cities that ``text`` cites, by file name or by title."""
    own = own_seeds(city)
    by_name = [seed for seed in SEED.findall(text) if seed not in own]
    by_title = [seed for seed, title in ALL_SEEDS.items()
                if seed not in own and re.sub(r"（[^（）]*）$", "", title) in text]
    return by_name + by_title


@pytest.mark.parametrize("city", list_cities())
def test_checklist_cites_only_its_own_seed(city):
    checklist = load_checklist(city)
    cited = [(f"item {item.material}", item.source) for item in checklist.items]
    cited += [(f"rule {rule.code}", rule.source) for rule in checklist.rules]
    cited += [(f"deadline {event}", entry["source"]) for event, entries in checklist.settings["deadlines"].items()
              for entry in entries]
    wrong = [(where, source) for where, source in cited if foreign(city, source)]
    assert wrong == []
    assert set(checklist.sources) <= own_seeds(city)


@pytest.mark.parametrize("city", list_cities())
def test_dingdian_checklist_shows_only_its_own_guide(city):
    from click.testing import CliRunner
    from validator.cli import cli

    checklist = load_checklist(city)
    kind = sorted(checklist.kinds)[0]
    schemes = sorted(checklist.schemes) or [None]
    for scheme in schemes:
        args = ["checklist", city, "--kind", kind, "--format", "json"] + (["--scheme", scheme] if scheme else [])
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert foreign(city, result.output) == [], (city, scheme)
        assert foreign(city, json.dumps(json.loads(result.output), ensure_ascii=False)) == []


SAMPLES = sorted(path for path in PACKAGES.iterdir() if path.is_dir())


@pytest.mark.parametrize("package", SAMPLES, ids=[p.name for p in SAMPLES])
def test_findings_on_the_samples_cite_their_own_city(package):
    expected = json.loads(package.with_name(f"{package.name}.expected.json").read_text(encoding="utf-8"))
    report = run_check(CheckOptions(package=package, as_of=date.fromisoformat(expected["as_of"])))
    data = report.to_dict()
    wrong = [(finding["code"], finding["source"]) for finding in data["findings"]
             if foreign(report.city, f"{finding.get('source_ref', '')} {finding['source']}")]
    assert wrong == []
