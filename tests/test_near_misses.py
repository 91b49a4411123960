"""The near-miss corpus (tests/near_misses.yaml): values that differ only by traditional/simplified
forms, OCR-confusable characters or truncation are doubt with both readings, never a mismatch
error; values that differ in substance still are."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rule_fixtures import context, document, license_pdf, read_documents, run

CORPUS = yaml.safe_load((Path(__file__).parent / "near_misses.yaml").read_text(encoding="utf-8"))
CODE = {"institution_name": "name_mismatch", "address": "address_mismatch",
        "legal_representative": "legal_rep_mismatch", "uscc": "uscc_mismatch"}


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c['field']}-{c['why']}" for c in CORPUS])
def test_corpus(case):
    docs = [document("practice_license", {case["field"]: case["a"]}, file="执业许可证.pdf"),
            document("business_license", {case["field"]: case["b"]}, file="营业执照.pdf")]
    findings = [f for f in run(CODE[case["field"]], context(docs)) if f.field == case["field"]]
    if case["expect"] == "same":
        assert findings == []
    elif case["expect"] == "doubt":
        (finding,) = findings
        assert finding.code == "could_not_verify" and not finding.is_error
        assert case["a"] in finding.evidence["why"] and case["b"] in finding.evidence["why"]
        assert {finding.evidence["value_a"], finding.evidence["value_b"]} == {case["a"], case["b"]}
    else:
        (finding,) = findings
        assert finding.code == CODE[case["field"]] and finding.is_error


def test_a_traditional_licence_against_a_simplified_one_read_from_real_pdfs(tmp_path):
    same = {"institution_name": "威海康宁诊所", "address": "威海市环翠区文化中路8号", "legal_representative": "张伟"}
    practice = license_pdf(tmp_path / "执业许可证.pdf", "practice_license", same)
    business = license_pdf(tmp_path / "营业执照.pdf", "business_license",
                           {**same, "institution_name": "威海康寧診所", "legal_representative": "張偉"})
    docs = read_documents(practice, business)
    (name,) = run("name_mismatch", context(docs))
    assert name.code == "could_not_verify" and name.evidence["near_miss"] == "traditional"
    (person,) = run("legal_rep_mismatch", context(docs))
    assert person.code == "could_not_verify" and "張偉" in person.evidence["why"]
