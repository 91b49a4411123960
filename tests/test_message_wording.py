"""How a finding's sentence fits its reader: lists joined the way each language joins them, and the
profile named as the applicant's declared information to the intake clerk and in a notice, as its
file to the applicant checking their own package (validator.messages.AUDIENCES)."""
from __future__ import annotations

import pytest

from rule_fixtures import context, document, license_pdf, run
from validator.findings import Finding
from validator.report.messages import message

LICENCE = {"institution_name": "威海市环翠区仁和门诊部"}


# --- lists ---------------------------------------------------------------------------------------

def test_a_list_is_joined_with_the_enumeration_comma_in_chinese_and_a_comma_in_english():
    finding = Finding("no_first_registered_physician", evidence={"institution": ["仁和诊所", "仁和门诊部"],
                                                                 "sites": ["威海市立医院", "文登区人民医院"]})
    assert "仁和诊所、仁和门诊部" in message(finding) and "威海市立医院、文登区人民医院" in message(finding)
    english = message(finding, "en")
    assert "(仁和诊所, 仁和门诊部)" in english and "威海市立医院, 文登区人民医院" in english and "、" not in english


def test_a_name_that_holds_an_enumeration_comma_is_a_value_not_a_list():
    """Near miss: only lists are joined per language; a value's own 、 is the value."""
    finding = Finding("no_first_registered_physician", evidence={"institution": "甲、乙联合诊所", "sites": ["某医院"]})
    assert "(甲、乙联合诊所)" in message(finding, "en")


def test_the_service_area_is_listed_in_english_with_commas():
    rule_settings = {"places": ["太原市", "小店区", "迎泽区"]}
    licence = document("practice_license", {"address": "山西省晋中市榆次区某路1号"})
    (finding,) = run("outside_service_area", context([licence], city="taiyuan"), **rule_settings)
    assert "(太原市, 小店区, 迎泽区)" in message(finding, "en") and "（太原市、小店区、迎泽区）" in message(finding)


# --- the profile, by audience --------------------------------------------------------------------

def _mismatch(origin: str | None = None) -> Finding:
    profile = {"institution_name": "威海市环翠区仁和诊所", **({"origin": origin} if origin else {})}
    (finding,) = run("name_mismatch", context([document("practice_license", LICENCE, file="scan0001.jpg")],
                                             profile=profile))
    return finding


def test_the_clerk_reads_the_declared_information_not_a_file_name():
    finding = _mismatch("profile.yaml")
    assert "申请单位填报的信息为“威海市环翠区仁和诊所”" in message(finding) and "profile" not in message(finding)
    assert "'威海市环翠区仁和诊所' in the applicant's declared information" in message(finding, "en", "clerk")


def test_the_applicant_checking_their_own_package_is_told_which_file():
    assert "profile.yaml为“威海市环翠区仁和诊所”" in message(_mismatch("profile.yaml"), "zh", "applicant")


def test_a_profile_of_any_name_is_the_declaration_for_the_clerk():
    finding = _mismatch("/home/clinic/仁和.yaml")
    assert finding.evidence["profile"] == "/home/clinic/仁和.yaml"
    assert "仁和.yaml" not in message(finding) and "申请单位填报的信息" in message(finding)
    assert "/home/clinic/仁和.yaml为" in message(finding, "zh", "applicant")


def test_a_doubt_about_the_profile_names_it_inside_its_sentence_too():
    """could_not_verify's reason is prose: the profile's file is renamed there as well."""
    doc = document("practice_license", {"institution_name": "威海市环翠区仁和诊所"}, file="scan0001.jpg")
    profile = {"institution_name": "威海市环翠区仁和诊", "origin": "p/profile.yml"}
    (finding,) = run("name_mismatch", context([doc], profile=profile))
    assert finding.code == "could_not_verify"
    assert "（申请单位填报的信息）" in message(finding) and "profile.yml" not in message(finding)
    assert "p/profile.yml" in message(finding, "zh", "applicant")


def test_an_unknown_audience_is_a_bug_not_a_default():
    with pytest.raises(ValueError, match="audience 'clerks'"):
        message(_mismatch("profile.yaml"), "zh", "clerks")


def test_a_document_whose_name_merely_contains_profile_keeps_its_name():
    """Near miss: profile-说明.pdf and the English word in a sentence are not the profile."""
    finding = Finding("name_mismatch", evidence={"file_a": "profile-说明.pdf", "value_a": "甲", "file_b": "营业执照.pdf",
                                                 "value_b": "乙"})
    assert "profile-说明.pdf为“甲”" in message(finding)
    doubt = Finding("could_not_verify", evidence={"why": "x", "why_en": "the profile's type is not eligible",
                                                  "profile": "profile"})
    assert "the profile's type" in message(doubt, "en")


def _package_with_profile(tmp_path):
    """A practice licence and a profile naming the clinic: a report quotes the profile's name."""
    package = tmp_path / "package"
    package.mkdir()
    license_pdf(package / "执业许可证.pdf", "practice_license", LICENCE)
    (package / "profile.yaml").write_text("city: weihai\nkind: clinic\nscheme: pooled\n"
                                          "institution_name: 威海市环翠区仁和诊所\n", encoding="utf-8")
    return package


def test_check_speaks_to_the_clerk_unless_told_it_is_the_applicants_own_check(tmp_path, capsys):
    from validator.cli import main

    package = _package_with_profile(tmp_path)

    def report(*options: str) -> str:
        with pytest.raises(SystemExit):
            main(["check", str(package), "--as-of", "2026-11-23", *options])
        return capsys.readouterr().out

    clerk, applicant = report(), report("--audience", "applicant")
    assert "申请单位填报的信息为“威海市环翠区仁和诊所”" in clerk and "profile.yaml" not in clerk
    assert "profile.yaml为“威海市环翠区仁和诊所”" in applicant
    assert report("--audience", "自查") == applicant and report("--audience", "窗口") == clerk  # Chinese names


def test_a_clinics_config_makes_its_checks_its_own(tmp_path, capsys):
    """audience in the office config file; a misspelt value is a usage error, not a silent default."""
    from validator.cli import main

    package = _package_with_profile(tmp_path)
    config = tmp_path / "config.toml"
    for value, code, shown in (("applicant", 1, "profile.yaml为“威海市环翠区仁和诊所”"), ("applicants", 2, "applicants")):
        config.write_text(f'audience = "{value}"\n', encoding="utf-8")
        with pytest.raises(SystemExit) as done:
            main(["--config", str(config), "check", str(package), "--as-of", "2026-11-23"])
        captured = capsys.readouterr()
        assert done.value.code == code and shown in captured.out + captured.err
