"""The form catalogue and every shipped template: linted, reproducible, consistent with the
checklists, the vocabulary and the profile schema; Weihai's evaluation forms exactly as seed 004."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from generators import build_templates
from generators.evaluation import _assessment_params, evaluation_file, evaluation_params
from generators.fill import PROVIDERS
from generators.forms_catalog import form_for_material, forms_for, get_form, load_catalog
from validator.domain.profile import FIELDS
from generators.rendering import template_variables
from validator.checklists.loader import load_checklist
from validator.errors import TemplateError, UsageError
from validator.resources import forms_dir, list_cities
from validator.vocabulary import ids

sys.path.insert(0, str(Path(__file__).parent))
from golden_docs import normalise  # noqa: E402
from city_facts import city_facts  # noqa: E402

FORMS = Path(__file__).resolve().parent.parent / "forms"
SPECS = load_catalog()
TEMPLATES = sorted({spec.template for spec in SPECS})


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_variables_are_all_provided(template):
    used = template_variables(forms_dir().joinpath(*template.split("/")))
    assert used <= set(PROVIDERS), f"{template}: no provider for {sorted(used - set(PROVIDERS))}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.id)
def test_catalogue_entry_is_consistent(spec):
    assert spec.template_file().is_file()
    assert spec.material in ids("materials")
    assert spec.city in ids("cities") and spec.kinds <= ids("institution_kinds")
    assert spec.schemes <= ids("schemes") and spec.procedures <= ids("procedures")
    assert set(spec.needs) <= set(FIELDS), sorted(set(spec.needs) - set(FIELDS))
    profile_variables = template_variables(spec.template_file()) & set(FIELDS) - {"fill_date"}  # default: today
    assert profile_variables <= set(spec.needs), f"needs lacks {sorted(profile_variables - set(spec.needs))}"


def test_shipped_templates_are_what_the_layouts_build(tmp_path):
    (tmp_path / "templates.yaml").write_text((FORMS / "templates.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    built = build_templates.build_all(tmp_path)
    layouts = yaml.safe_load((FORMS / "templates.yaml").read_text(encoding="utf-8"))["templates"]
    assert sorted(str(p.relative_to(tmp_path)) for p in built) == sorted(layouts)
    assert set(layouts) == set(TEMPLATES), "a layout no form uses, or a form without a layout"
    for path in built:
        assert normalise(path) == normalise(FORMS / path.relative_to(tmp_path)), \
            f"{path.name}: run python -m generators.build_templates and commit"


@pytest.mark.parametrize("city", sorted(ids("cities")))
def test_every_checklist_material_a_form_claims_exists_in_the_checklist(city):
    checklist = load_checklist(city)
    for spec in (spec for spec in forms_for(city) if not spec.optional):
        assert spec.kinds & checklist.kinds, spec.id
        items = [item for kind in spec.kinds for procedure in spec.procedures
                 for item in checklist.items_for(kind, next(iter(spec.schemes), None), procedure)]
        assert spec.material in {item.material for item in items}, f"{spec.id}: {city} never asks for {spec.material}"


@pytest.mark.usefixtures("english")
def test_lookups():
    assert get_form("weihai-staff-roster").output == "从业人员名册.xlsx"
    assert form_for_material("weihai", "staff_roster", "clinic", "pooled", "application").id == "weihai-staff-roster"
    assert form_for_material("weihai", "self_assessment", "clinic", "pooled", "application") is None  # optional
    assert form_for_material("harbin", "practice_license", "clinic", None, "application") is None
    with pytest.raises(UsageError, match="unknown form 'nope'"):
        get_form("nope")


def test_weihai_evaluation_forms_match_seed_004():
    data = evaluation_file(_assessment_params("weihai")["items"])  # the file weihai's evaluation rule names
    assert data["pass_score"] == 90 and data["total"] == 100
    personal, pooled = data["forms"]["personal-account"], data["forms"]["pooled"]
    assert personal["title"] == "威海市基本医疗保障个人账户支付协议定点医疗机构评估表"
    assert pooled["title"] == "威海市基本医疗保障统筹支付协议定点医疗机构评估表"
    assert [i["max"] for i in personal["items"]] == [None, 20, 20, 20, 10, 10, 10, 10]
    assert len({i["seq"] for i in pooled["items"]}) == 6
    groups = {}
    for item in pooled["items"]:
        groups.setdefault(item["group"], []).append(item["max"])
    assert groups == {"申请条件": [None], "财务方面": [5, 10, 10], "信息方面": [5, 10, 5],
                      "药品采购方面": [2, 5, 10, 3, 5], "制度方面": [10], "其他方面": [5, 10, 5]}
    for form in (personal, pooled):
        assert sum(i["max"] or 0 for i in form["items"]) == 100
        assert form["notes"][0] == "1、90分以上为合格；"
    seed = Path(__file__).resolve().parent.parent / "docs" / "seeds" / "004_b66d6adc241eb53e.txt"
    if seed.is_file():  # the criteria are the seed's words, line for line
        text = seed.read_text(encoding="utf-8")
        for item in personal["items"] + pooled["items"]:
            for line in item["criteria"].splitlines():
                assert line.strip() in text, line


def test_readme_documents_every_template_and_variable():
    readme = (FORMS / "README.md").read_text(encoding="utf-8")
    for template in TEMPLATES:
        used = sorted(template_variables(forms_dir().joinpath(*template.split("/"))))
        assert f"| `{template}` |" in readme and all(f"`{name}`" in readme for name in used), template
    assert all(f"`{name}`" in readme for name in PROVIDERS)


@pytest.mark.parametrize("city", list_cities())
def test_only_the_forms_a_seed_prints_are_marked_verbatim(city):
    """The forms the city's seed prints (tests/cities/<city>.yaml verbatim_forms, e.g. weihai 附件1-3,
    harbin 附件1) are marked so; every other layout is the tool's."""
    assert {spec.id for spec in forms_for(city) if spec.verbatim} == set(city_facts(city)["verbatim_forms"])


def test_forms_command_shows_which_layouts_are_verbatim():
    from click.testing import CliRunner

    from validator.cli import cli

    out = CliRunner().invoke(cli, ["forms", "--city", "harbin"]).output
    assert "harbin-dedicated-line  哈尔滨市定点医药机构医疗保障业务专线连接申请备案表  [原表格式]" in out
    assert "harbin-application  黑龙江省哈尔滨市医疗机构申请定点协议管理申请表  [参考格式]" in out


def test_a_scored_form_reads_the_items_its_city_rule_names():
    form = evaluation_params({"evaluation": "pooled"}, "weihai")
    assert form["pass_score"] == 90 and form["title"].startswith("威海市") and form["vetoes"]
    with pytest.raises(TemplateError, match="assessment_score_below_threshold"):
        evaluation_params({"evaluation": "pooled"}, "harbin")  # harbin's checklist scores no form
    assert evaluation_params({"items": [{"id": "1"}]}, "harbin")["pass_score"] is None  # a catalogue-listed form
