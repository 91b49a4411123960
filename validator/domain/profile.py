"""The institution profile (``profile.yaml``): one description of an applicant that every form is
filled from, and that ``dingdian check --profile`` compares a package against.

The schema is ``FIELDS`` (top-level keys) and ``STAFF_FIELDS`` (one member of ``staff``);
``forms/README.md`` and ``samples/profiles/*.yaml`` document it with examples.  Loading checks
types, allowed values, dates and numbers, and names the key of the first problem in a one-line
``InputError``.  Check-digit problems of USCCs and resident ID numbers are *warnings*
(``Profile.warnings``): a deliberately defective profile must still fill its forms, so that
``dingdian check`` can report the defect as a finding.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields as dataclass_fields
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from validator.catalogue import t
from validator.errors import InputError
from validator.resources import list_cities, load_yaml

KINDS = ("hospital", "clinic", "pharmacy")
SCHEMES = ("pooled", "personal-account")
OWNERSHIPS = ("营利性", "非营利性")

# key: (type, required, description).  Types: str, int, number, bool, date, list[str],
# choice:<a|b>, mapping, staff (a list of STAFF_FIELDS mappings).
FIELDS: dict[str, tuple[str, bool, str]] = {
    "city": ("city", True, "城市（checklist id）"),
    "kind": ("choice:" + "|".join(KINDS), True, "机构种类 hospital/clinic/pharmacy"),
    "scheme": ("choice:" + "|".join(SCHEMES), False, "威海、山东省直：统筹支付 pooled / 个人账户 personal-account"),
    "institution_name": ("str", True, "机构名称（与执业许可证一致）"),
    "uscc": ("str", False, "统一社会信用代码（18位）"),
    "registration_number": ("str", False, "执业许可证登记号"),
    "national_code": ("str", False, "定点机构国家医保编码（国码）"),
    "address": ("str", False, "地址（执业地址/经营地址）"),
    "legal_representative": ("str", False, "法定代表人"),
    "legal_representative_phone": ("str", False, "法定代表人联系方式"),
    "principal": ("str", False, "主要负责人"),
    "contact_name": ("str", False, "医保联系人"),
    "contact_phone": ("str", False, "医保联系人电话"),
    "institution_type": ("str", False, "机构类别（如 综合医院、门诊部、诊所、零售药店）"),
    "ownership": ("choice:" + "|".join(OWNERSHIPS), False, "经营性质 营利性/非营利性"),
    "level": ("str", False, "医院等级（如 一级、未定级）"),
    "beds": ("int", False, "核定床位数"),
    "departments": ("list[str]", False, "科室设置 / 诊疗科目"),
    "opening_date": ("date", False, "正式运营（开业）日期 YYYY-MM-DD"),
    "area_m2": ("number", False, "业务用房面积（平方米）"),
    "his_vendor": ("str", False, "HIS 系统名称及供应商"),
    "large_equipment": ("list[str]", False, "大型医用设备（无则留空列表）"),
    "sells_herbal_medicine": ("bool", False, "是否经营中药饮片"),
    "has_insurance_department": ("bool", False, "是否设有医保管理部门"),
    "service_features": ("str", False, "诊疗服务特色"),
    "service_population": ("str", False, "服务人群"),
    "bank_account": ("str", False, "银行账户（开户行及账号）"),
    "network": ("mapping", False, "医保网络：operator 联通/移动/电信/广电, line_type 有线/VPDN, "
                                  "security_device 品牌型号, has_security_policy, psam_card, apply_date"),
    "forecast": ("mapping", False, "基金使用预测：annual_visits, average_cost, fund_share, years, growth_rate"),
    "self_scores": ("mapping", False, "自评分：评估表条目 id → 分数"),
    "change_request": ("mapping", False, "信息变更：items [{item, before, after}], reason, approval_date"),
    "suspension_request": ("mapping", False, "中止或解除：action 中止/解除, reason, from_date"),
    "declarations": ("mapping", False, "申请单位声明的事实：forms/declarations.yaml 的 id → true/false；"
                                       "未声明的，表上对应的□留空由申请单位勾选"),
    "fill_date": ("date", False, "填表日期（缺省为今天）"),
    "staff": ("staff", False, "从业人员名册"),
}

STAFF_FIELDS: dict[str, tuple[str, bool, str]] = {
    "name": ("str", True, "姓名"),
    "id_number": ("str", True, "身份证号码"),
    "position": ("str", True, "职位（如 医师、护士、药师、医保管理员、财务）"),
    "title": ("str", False, "职称"),
    "education": ("str", False, "学历"),
    "phone": ("str", False, "联系方式"),
    "certificate_number": ("str", False, "执业证书编码"),
    "first_practice_site_here": ("bool", False, "医师第一执业地点（第一注册地）在本机构"),
    "licensed_pharmacist": ("bool", False, "执业药师"),
    "insurance_staff": ("bool", False, "医保专（兼）职管理人员"),
}

FORECAST_DEFAULTS = {"years": 3, "growth_rate": 0.0}
# Keys for which an empty list is an answer ("none"), not a missing value.
EMPTY_IS_AN_ANSWER = frozenset({"large_equipment"})


@dataclass(frozen=True)
class StaffMember:
    name: str
    id_number: str
    position: str
    title: str = ""
    education: str = ""
    phone: str = ""
    certificate_number: str = ""
    first_practice_site_here: bool = False
    licensed_pharmacist: bool = False
    insurance_staff: bool = False


@dataclass(frozen=True)
class Profile:
    """A validated profile; attributes are the keys of ``FIELDS`` (absent optional ones: None)."""

    city: str
    kind: str
    institution_name: str
    scheme: str | None = None
    uscc: str | None = None
    registration_number: str | None = None
    national_code: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    legal_representative_phone: str | None = None
    principal: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    institution_type: str | None = None
    ownership: str | None = None
    level: str | None = None
    beds: int | None = None
    departments: tuple[str, ...] = ()
    opening_date: date | None = None
    area_m2: float | None = None
    his_vendor: str | None = None
    large_equipment: tuple[str, ...] | None = None
    sells_herbal_medicine: bool | None = None
    has_insurance_department: bool | None = None
    service_features: str | None = None
    service_population: str | None = None
    bank_account: str | None = None
    network: Mapping[str, Any] = field(default_factory=dict)
    forecast: Mapping[str, Any] = field(default_factory=dict)
    self_scores: Mapping[str, Any] = field(default_factory=dict)
    change_request: Mapping[str, Any] = field(default_factory=dict)
    suspension_request: Mapping[str, Any] = field(default_factory=dict)
    declarations: Mapping[str, bool] = field(default_factory=dict)
    fill_date: date | None = None
    staff: tuple[StaffMember, ...] = ()
    origin: str = "profile"
    warnings: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None)
        return default if value is None else value

    def is_blank(self, key: str) -> bool:
        """True when the profile does not say ``key`` (absent, empty text, or an empty list
        where an empty list is not an answer)."""
        value = getattr(self, key, None)
        if value is None or value == "":
            return True
        return key not in EMPTY_IS_AN_ANSWER and isinstance(value, (tuple, list, dict, Mapping)) and not value

    def to_mapping(self) -> dict[str, Any]:
        """The profile as plain YAML-ready data (the inverse of ``profile_from_mapping``)."""
        out: dict[str, Any] = {}
        for item in dataclass_fields(self):
            value = getattr(self, item.name)
            if item.name in ("origin", "warnings") or value in (None, (), {}):
                continue
            if item.name == "staff":
                value = [{k: v for k, v in vars(m).items() if v not in ("", False)} for m in value]
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            out[item.name] = value
        return out


def load_profile(path: Path | str, warn: bool = True) -> Profile:
    """Read and validate a profile.yaml; InputError (one line, naming the key) when it is wrong."""
    import yaml  # here: a check without a profile does not parse YAML (validator/yaml_cache.py)

    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(t("profile_cannot_read", path=path, reason=error.strerror or error)) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(t("not_valid_yaml", path=path, reason=type(error).__name__)) from error
    return profile_from_mapping(data, origin=str(path), warn=warn)


def profile_from_mapping(data: Any, origin: str = "profile", warn: bool = True) -> Profile:
    """Validate plain data (parsed YAML) into a Profile; ``warn``: with its check-digit warnings."""
    if not isinstance(data, Mapping):
        raise InputError(t("profile_not_mapping", origin=origin))
    errors = validate(data)
    if errors:
        more = t("and_more", count=len(errors) - 1) if len(errors) > 1 else ""
        raise InputError(t("labelled", label=origin, message=f"{errors[0]}{more}"))
    values = {key: _convert(FIELDS[key][0], data[key]) for key in FIELDS if data.get(key) is not None}
    values["staff"] = tuple(StaffMember(**{k: _convert(STAFF_FIELDS[k][0], v) for k, v in member.items()
                                           if v is not None})
                            for member in data.get("staff") or ())
    values["forecast"] = {**FORECAST_DEFAULTS, **(data.get("forecast") or {})}
    return Profile(**values, origin=origin, warnings=tuple(check_digits(data)) if warn else ())


def validate(data: Mapping[str, Any]) -> list[str]:
    """Every structural problem of a profile, each naming its key."""
    errors = [f"unknown key {key!r} (known keys: see forms/README.md)" for key in data if key not in FIELDS]
    errors += _check_fields(data, FIELDS, "")
    for index, member in enumerate(data.get("staff") or ()):
        where = f"staff[{index + 1}]"
        if not isinstance(member, Mapping):
            errors.append(f"{where}: must be a mapping with name, id_number, position …")
            continue
        errors += [f"{where}.{key}: unknown key" for key in member if key not in STAFF_FIELDS]
        errors += _check_fields(member, STAFF_FIELDS, where + ".")
    errors += _check_forecast(data.get("forecast"))
    errors += _check_declarations(data.get("declarations"))
    return errors


def _check_declarations(declarations: Any) -> list[str]:
    if not isinstance(declarations, Mapping):
        return []
    from validator.domain.declarations import declaration_ids

    known = declaration_ids()
    return [f"declarations.{key}: unknown (known: {', '.join(sorted(known))})" if key not in known
            else f"declarations.{key}: must be true or false, got {value!r}"
            for key, value in declarations.items() if key not in known or not isinstance(value, bool)]


def check_digits(data: Mapping[str, Any]) -> list[str]:
    """Warnings for a USCC or resident ID number whose check digit is wrong."""
    from stdnum.cn import ric

    from validator.check_digits import uscc_is_valid

    warnings = []
    if data.get("uscc") and not uscc_is_valid(str(data["uscc"])):
        warnings.append(f"uscc: {data['uscc']!r} is not a valid unified social credit code")
    for index, member in enumerate(data.get("staff") or ()):
        number = member.get("id_number") if isinstance(member, Mapping) else None
        if number and not ric.is_valid(str(number)):
            warnings.append(f"staff[{index + 1}].id_number: {number!r} is not a valid resident ID number")
    return warnings


def _check_fields(data: Mapping[str, Any], schema: Mapping[str, tuple[str, bool, str]], prefix: str) -> list[str]:
    errors = []
    for key, (kind, required, _) in schema.items():
        value = data.get(key)
        if value is None or value == "":
            if required:
                errors.append(f"{prefix}{key}: required, missing or empty")
            continue
        problem = _type_problem(kind, value)
        if problem:
            errors.append(f"{prefix}{key}: {problem}, got {value!r}")
    return errors


def _type_problem(kind: str, value: Any) -> str | None:
    if kind.startswith("choice:") or kind == "city":
        allowed = list_cities() if kind == "city" else kind.split(":", 1)[1].split("|")
        return None if value in allowed else f"must be one of {', '.join(allowed)}"
    checks = {
        "str": lambda v: isinstance(v, (str, int)) and not isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
        "bool": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, date) or _parse_date(v) is not None,
        "list[str]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "mapping": lambda v: isinstance(v, Mapping),
        "staff": lambda v: isinstance(v, list),
    }
    expected = {"str": "must be text", "int": "must be a whole number ≥ 0", "number": "must be a number ≥ 0",
                "bool": "must be true or false", "date": "must be a date YYYY-MM-DD",
                "list[str]": "must be a list of text", "mapping": "must be a mapping",
                "staff": "must be a list of staff members"}
    return None if checks[kind](value) else expected[kind]


def _check_forecast(forecast: Any) -> list[str]:
    if not isinstance(forecast, Mapping):
        return []
    errors = [f"forecast.{key}: must be a number ≥ 0, got {forecast[key]!r}"
              for key in ("annual_visits", "average_cost", "years", "growth_rate")
              if key in forecast and _type_problem("number", forecast[key])]
    share = forecast.get("fund_share")
    if share is not None and (_type_problem("number", share) or share > 1):
        errors.append(f"forecast.fund_share: must be a fraction between 0 and 1, got {share!r}")
    return errors


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _convert(kind: str, value: Any) -> Any:
    if kind == "date":
        return value if isinstance(value, date) else _parse_date(value)
    if kind == "list[str]":
        return tuple(value)
    if kind == "str":
        return str(value).strip()
    return value
