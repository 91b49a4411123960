"""Filling forms from a profile: one form (``fill_form``) or every form a city's checklist asks
for (``fill_all``), named as the checklist orders them (``01-申请表.docx``).

The context of a template holds only the variables the template uses, each made by one
provider (``PROVIDERS``; forms/README.md lists them).  Rendering is strict (generators.rendering).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from generators import evaluation, forecast, roster, statements
from validator.domain.declarations import ticks
from generators.forms_catalog import FormSpec, form_for_material, get_form, reference_note
from validator.domain.profile import Profile
from generators.rendering import render, template_variables
from generators.timing import timing_warnings
from validator.errors import OutputError, UsageError
from validator.catalogue import t
from validator.vocabulary import title

CHECKBOX_ON, CHECKBOX_OFF = "☑", "□"
OPERATORS = ("联通", "移动", "电信", "广电")  # 003 附件1 医保业务专线运营商
LINE_TYPES = ("有线", "VPDN")  # 003 附件1 医保业务专线形式
SUSPENSION_ACTIONS = ("中止医保协议", "解除医保协议")  # 004 八(二)-(三)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class FillJob:
    """What a provider may read: the profile, the form and the date the form is filled on."""

    profile: Profile
    form: FormSpec
    fill_date: date


@dataclass
class FillResult:
    written: list[tuple[str, Path]] = field(default_factory=list)  # (material, file)
    blanks: dict[str, list[str]] = field(default_factory=dict)  # form id -> profile keys left blank
    from_scans: list[tuple[str, str]] = field(default_factory=list)  # (material, checklist title)
    # conditional materials whose condition the profile does not settle: (checklist title, condition)
    if_applicable: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a date that breaches the seed's time limit

    def scan_lines(self) -> list[str]:
        """What the applicant still has to bring as scans or copies, in Chinese, one line each."""
        lines = [f"需另行提交（扫描件或复印件，本工具不生成）：{title}" for _, title in self.from_scans]
        return lines + [f"如适用（{condition}），还需提交：{title}" for title, condition in self.if_applicable]


def fill_form(form: FormSpec | str, profile: Profile, out_path: Path, today: date | None = None) -> Path:
    """Render one form of the catalogue to ``out_path`` (its suffix is the template's)."""
    spec = get_form(form) if isinstance(form, str) else form
    job = FillJob(profile, spec, profile.fill_date or today or date.today())
    template = spec.template_file()
    context = {name: PROVIDERS[name](job) for name in template_variables(template) if name in PROVIDERS}
    return render(template, context, Path(out_path))


def fill_all(profile: Profile, out_dir: Path, city: str | None = None, kind: str | None = None,
             scheme: str | None = None, procedure: str = "application", today: date | None = None) -> FillResult:
    """Every form the city's checklist asks for, numbered by its item in the checklist (so scans
    slot in between). Materials that no form produces (licenses, certificates …) are listed in
    ``from_scans``; a conditional material only when its condition holds for the profile (in
    ``if_applicable`` when the profile does not settle it)."""
    from validator.checklists.loader import condition_holds, load_checklist
    from validator.extract.facts import derive_facts

    city, kind = city or profile.city, kind or profile.kind
    checklist = load_checklist(city)
    scheme = _scheme(checklist, city, kind, scheme or profile.scheme, procedure)
    facts = derive_facts([], profile)
    defaults = {name: fact.get("default") for name, fact in (checklist.settings.get("facts") or {}).items()}
    result = FillResult()
    for number, item in enumerate(checklist.items_for(kind, scheme, procedure), 1):
        holds = condition_holds(item.condition, facts, defaults) if item.condition else True
        if holds is False:
            continue  # e.g. no large equipment, not provincially designated: nothing to bring
        if holds is None:
            result.if_applicable.append((item.title, _condition_words(item.condition, checklist)))
            continue
        spec = form_for_material(city, item.material, kind, scheme, procedure)
        if spec is None:
            result.from_scans.append((item.material, item.title))
            continue
        if blank_needs(spec, profile):
            result.blanks[spec.id] = blank_needs(spec, profile)
        for copy in range(1, max(item.copies, 1) + 1):
            name = output_name(spec, profile, today, copy if item.copies > 1 else None)
            result.written.append((item.material, fill_form(spec, profile, Path(out_dir) / f"{number:02d}-{name}",
                                                            today)))
        result.warnings += timing_warnings(spec, profile, profile.fill_date or today or date.today())
    return result


def _scheme(checklist: Any, city: str, kind: str, scheme: str | None, procedure: str) -> str | None:
    """The scheme, required where it changes the materials (weihai, shandong hospitals): one
    scheme's list, never both schemes' lists filled at once."""
    from validator.checklists.loader import scheme_choices

    if kind not in checklist.kinds:
        raise UsageError(t("city_kind_not_accepted", city=city, kind=repr(kind), kinds=", ".join(sorted(checklist.kinds))))
    choices = scheme_choices(checklist, kind, procedure)
    if choices and scheme is None:
        raise UsageError(t("profile_scheme_needed", city=city, choices=" / ".join(choices)))
    return scheme


def _condition_words(condition: str, checklist: Any) -> str:
    facts = checklist.settings.get("facts") or {}
    return "且".join(("非" if literal.startswith("not ") else "")
                    + str((facts.get(literal.removeprefix("not ")) or {}).get("description", literal))
                    for literal in condition.split(" and "))


def blank_needs(spec: FormSpec, profile: Profile) -> list[str]:
    """The profile keys the form is filled from that the profile leaves empty (printed blank)."""
    return [key for key in spec.needs if profile.is_blank(key)]


def output_name(spec: FormSpec, profile: Profile, today: date | None = None, copy: int | None = None) -> str:
    """The catalogue's file name with its fields filled and unsafe characters removed."""
    when = profile.fill_date or today or date.today()
    name = spec.output.format(fill_date_compact=when.strftime("%Y%m%d"), institution_name=profile.institution_name)
    if copy is not None:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem}（第{copy}份）{dot}{suffix}"
    return _UNSAFE_NAME.sub("_", name)


def convert_to_pdf(files: list[Path], out_dir: Path) -> list[Path]:
    """Convert with LibreOffice (validator.readers.libreoffice); OutputError when it is absent or fails."""
    from validator.readers import libreoffice

    try:
        return libreoffice.convert(files, "pdf", out_dir, timeout=300)
    except libreoffice.NotInstalled:
        raise OutputError(t("pdf_needs_libreoffice")) from None
    except libreoffice.ConversionError as error:
        raise OutputError(t("pdf_conversion_failed", reason=error)) from error


# --- providers: one per template variable ------------------------------------------------

def chinese_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def boxes(options: tuple[str, ...], chosen: Any) -> str:
    """☑联通　□移动 …: the official form's check boxes with the profile's choice ticked."""
    return "　".join(f"{CHECKBOX_ON if option == chosen else CHECKBOX_OFF}{option}" for option in options)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _profile_text(key: str) -> Callable[[FillJob], Any]:
    return lambda job: job.profile.get(key, "")


def _network(job: FillJob) -> dict[str, Any]:
    network = dict(job.profile.network)
    device = network.get("security_device")
    return {
        "operator_boxes": boxes(OPERATORS, network.get("operator")),
        "line_type_boxes": boxes(LINE_TYPES, network.get("line_type")),
        "security_device": device or "",
        # a box the profile does not settle stays empty for the applicant (no "无" by default)
        "security_device_boxes": boxes(("有", "无"), "有" if device else None),
        "security_policy_boxes": boxes(("有", "无"), {True: "有", False: "无"}.get(network.get("has_security_policy"))),
        "psam_card": network.get("psam_card", ""),
        "apply_date": chinese_date(_as_date(network.get("apply_date"))) or chinese_date(job.fill_date),
    }


def _change_request(job: FillJob) -> dict[str, Any]:
    request = job.profile.change_request
    return {"changes": [{"item": c.get("item", ""), "before": c.get("before", ""), "after": c.get("after", "")}
                        for c in request.get("items") or ()],
            "reason": request.get("reason", ""),
            "approval_date": chinese_date(_as_date(request.get("approval_date")))}


def _suspension_request(job: FillJob) -> dict[str, Any]:
    request = job.profile.suspension_request
    action = {"中止": SUSPENSION_ACTIONS[0], "解除": SUSPENSION_ACTIONS[1]}.get(request.get("action"),
                                                                             request.get("action"))
    return {"action_boxes": boxes(SUSPENSION_ACTIONS, action), "reason": request.get("reason", ""),
            "from_date": chinese_date(_as_date(request.get("from_date"))),
            # 八(二) at most 180 days: the end of a suspension is printed so the agency (and the check) sees it
            "until_date": chinese_date(_as_date(request.get("until_date"))) if action == SUSPENSION_ACTIONS[0] else ""}


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _form(job: FillJob) -> dict[str, Any]:
    params = {"title": job.form.title, "attachment": "", "notes": [], **job.form.params}
    if "items" in params or "evaluation" in params:
        params.update(evaluation.evaluation_params(params, job.form.city))
    return params


def _forecast(job: FillJob) -> dict[str, Any]:
    return forecast.forecast_context(job.profile.forecast)


PROVIDERS: dict[str, Callable[[FillJob], Any]] = {
    **{key: _profile_text(key) for key in (
        "institution_name", "uscc", "registration_number", "national_code", "address", "legal_representative",
        "legal_representative_phone", "principal", "contact_name", "contact_phone", "institution_type",
        "ownership", "level", "beds", "area_m2", "his_vendor", "service_features", "service_population",
        "bank_account")},
    "departments": lambda job: "、".join(job.profile.departments),
    "large_equipment": lambda job: "、".join(job.profile.large_equipment or ()) or "无",
    "opening_date": lambda job: chinese_date(job.profile.opening_date),
    "sells_herbal_medicine": lambda job: _yes_no(job.profile.sells_herbal_medicine),
    "has_insurance_department": lambda job: _yes_no(job.profile.has_insurance_department),
    "kind_title": lambda job: title("institution_kinds", job.profile.kind).split("（")[0],
    "scheme_title": lambda job: title("schemes", job.profile.scheme) if job.profile.scheme else "",
    "city_title": lambda job: title("cities", job.profile.city).split("（")[0],
    "fill_date": lambda job: chinese_date(job.fill_date),
    "fill_date_compact": lambda job: job.fill_date.strftime("%Y%m%d"),
    "staff": lambda job: roster.rows_from_profile(job.profile),
    "rows": lambda job: roster.rows_from_profile(job.profile),
    "staff_summary": lambda job: roster.staff_summary(job.profile),
    "physicians_text": lambda job: roster.names_with_role(job.profile, "physicians"),
    "pharmacists_text": lambda job: roster.names_with_role(job.profile, "pharmacists"),
    "network": _network,
    "change_request": _change_request,
    "suspension_request": _suspension_request,
    "forecast": _forecast,
    "chart": lambda job: forecast.forecast_chart(_forecast(job)["rows"]),
    "form": _form,
    "kind": lambda job: job.profile.kind,
    "ticks": lambda job: ticks(job.profile.declarations),
    "reference_note": lambda job: reference_note(job.form),
    "evaluation": lambda job: evaluation.evaluation_context(job.profile, _form(job)),
    "systems": lambda job: statements.management_systems(list(job.form.params.get("systems", ())), job.profile),
    "sections": lambda job: statements.basic_info_sections(job.profile, list(job.form.params.get("sections", ()))),
}
