"""License validity against --as-of: expired, or ending within ``days`` or before the city's
evaluation period would end (an agreement cannot be signed on a license that lapses meanwhile:
evaluation ≤3 months, harbin 七(四)2 / weihai 九; 2 months for Weihai personal-account)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from generators.deadlines import add_months
from validator.checklist_model import RuleSetting
from validator.context import CheckContext
from validator.findings import Finding
from validator.rules import rule
from validator.rules.common import Value, as_date, correction_due, lacking, located, unverified, values, weak

# Licenses that always carry a term (a business license may be 长期, a clinic record has none).
_ALWAYS_DATED = ("practice_license", "drug_business_license", "gsp_certificate")
# 有效期 wording that means "no end date".
_OPEN_ENDED = ("长期", "永久", "无固定期限", "不约定期限")


def _ends(context: CheckContext) -> Iterable[tuple[Value, date | None]]:
    """(valid_to as read, its date) per document; an open-ended term yields nothing."""
    for found in values(context.documents, "valid_to"):
        text = str(found.value)
        if any(word in text for word in _OPEN_ENDED):
            continue
        yield found, as_date(found.value)


def evaluation_months(setting: RuleSetting, scheme: str | None) -> int:
    params = setting.params
    by_scheme = params.get("evaluation_months_by_scheme") or {}
    if scheme in by_scheme:
        return int(by_scheme[scheme])
    if by_scheme:  # scheme unknown: the longest period, so no lapse is missed
        return max(int(months) for months in by_scheme.values())
    return int(params.get("evaluation_months") or 0)


@rule("expired_document")
def expired_document(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    yield from lacking(context, setting, _ALWAYS_DATED, "valid_to")
    for found, end in _ends(context):
        if end is None:
            yield unverified(context, setting, f"有效期“{found.value}”无法识别为日期。",
                             f"validity '{found.value}' is not a readable date.", found, field="valid_to")
        elif end < context.as_of:
            yield (weak(context, setting, found, "valid_to") if found.weak else
                   located(context, setting, "expired_document", found, field="valid_to",
                           expected=f">= {context.as_of.isoformat()}", found=end.isoformat(),
                           evidence={"valid_to": end.isoformat(), **correction_due(context)}))


@rule("expiring_soon")
def expiring_soon(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    days = int(setting.params.get("days", 90))
    months = evaluation_months(setting, context.scheme)
    soon = context.as_of + timedelta(days=days)
    evaluation_end = add_months(context.as_of, months) if months else context.as_of
    horizon = max(soon, evaluation_end)
    for found, end in _ends(context):
        if end is None or end < context.as_of or end > horizon or found.weak:
            continue
        yield located(context, setting, "expiring_soon", found, field="valid_to", found=end.isoformat(),
                      evidence={"valid_to": end.isoformat(), "days": days, "evaluation_months": months,
                                "horizon": horizon.isoformat(), "before_evaluation_end": end <= evaluation_end})
