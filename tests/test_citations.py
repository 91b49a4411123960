"""Each city cites its own document: every citation reachable from city X — its
checklist items, rules and time limits, and the `source` of every finding a check of X's packages
gives — names X's seed and no other city's guide."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from validator.check.pipeline import run_check
from validator.checklists.loader import list_cities, load_checklist, read_checklist_file
from validator.rules.context import CheckOptions
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
    cited += [(f"rule {rule.code} for {key}", text) for rule in checklist.rules for key, text in rule.source_for.items()]
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


@pytest.mark.parametrize("city, procedure, form", [
    ("weihai", "change", "weihai-change-request"), ("weihai", "suspension", "weihai-suspension-termination"),
    ("weihai", "termination", "weihai-suspension-termination"), ("yangzhou", "change", "yangzhou-change-application"),
])
def test_findings_of_the_other_procedures_cite_their_own_city(tmp_path, city, procedure, form):
    """A change, suspension or termination request filled from the sample profile: every finding
    cites the city's own guide, and no application-stage rule runs."""
    import shutil

    from generators.fill import fill_form
    from validator.domain.profile import load_profile

    profile_path = PACKAGES.parent / "profiles" / f"{city}.yaml"
    package = tmp_path / "request"
    package.mkdir()
    shutil.copy(profile_path, package / "profile.yaml")
    fill_form(form, load_profile(profile_path), package / "01-申请表.docx", date(2026, 11, 23))
    report = run_check(CheckOptions(package=package, procedure=procedure, as_of=date(2026, 11, 23)))
    data = report.to_dict()
    assert [f["source"] for f in data["findings"] if foreign(city, f"{f.get('source_ref', '')} {f['source']}")] == []
    application_only = {rule.code for rule in load_checklist(city).rules if rule.procedures == {"application"}}
    assert not {f.evidence.get("rule", f.code) for f in report.findings} & application_only
    assert "procedure_condition_not_met" in {f.evidence.get("rule", f.code) for f in report.findings}


def test_a_rule_cites_the_clause_of_the_kind_or_scheme_checked():
    """yangzhou 一(一) is the institutions' clause, 一(二) the pharmacies'; weihai 六(一) the pooled
    scheme's, 六(二) the personal-account one's (audit §1)."""
    from rule_fixtures import context, document, with_checklist_rules
    from validator.rules import run_rules

    def cited(city, kind, scheme, code, docs):
        ctx = with_checklist_rules(context(docs, city=city, kind=kind, scheme=scheme), [load_checklist(city).rule(code)])
        return {f.source for f in run_rules(ctx) if f.code == code}

    addresses = [document("drug_business_license", {"address": "扬州市广陵区文昌中路1号"}),
                 document("business_license", {"address": "扬州市广陵区文昌中路9号"})]
    assert cited("yangzhou", "pharmacy", None, "address_mismatch", addresses) == {"001_e263ef0e979e8d4c.txt 一(二)3"}
    assert cited("yangzhou", "clinic", None, "address_mismatch", addresses) == {"001_e263ef0e979e8d4c.txt 一(一)3"}
    expired = [document("practice_license", {"valid_to": "2020-01-01"})]
    assert cited("weihai", "clinic", "pooled", "expired_document", expired) == {"004_b66d6adc241eb53e.txt 六(一)1"}
    assert cited("weihai", "clinic", "personal-account", "expired_document", expired) == {
        "004_b66d6adc241eb53e.txt 六(二)1; 附件1 第8项"}
