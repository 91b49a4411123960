"""License validity against --as-of: expired, or ending within ``days`` or before the city's
evaluation period would end (an agreement cannot be signed on a license that lapses meanwhile:
evaluation ≤3 months, harbin 七(四)2 / weihai 九; 2 months for Weihai personal-account)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from validator.domain.deadlines import add_months
from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.declaration import Param, Rule, integer
from validator.rules.common import Value, as_date, correction_due, lacking, located, unverified, values, weak
from validator.vocabulary import document_types_tagged

# Licenses that always carry a term (a business license may be 长期, a clinic record has none).
_ALWAYS_DATED = document_types_tagged("always_dated")
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
    by_scheme = setting.params["evaluation_months_by_scheme"]
    if scheme in by_scheme:
        return by_scheme[scheme]
    if by_scheme:  # scheme unknown: the longest period, so no lapse is missed
        return max(by_scheme.values())
    return setting.params["evaluation_months"]


def expired_document(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A license whose 有效期 ended before --as-of; one that always carries a term and does not
    show it gives ``field_not_found``; an open-ended term (长期) never expires.

    Example::

        - code: expired_document
          source: 003_f95a2635431d39b6.txt 七(二)2(2)

    Passes: a practice license valid to 2030-12-31, checked on 2026-11-23.
    Fails: valid to 2026-01-31.
    """
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


def expiring_soon(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A license still valid at --as-of that ends within ``days`` or before the evaluation
    period would end (the longer of the two).

    Example::

        - code: expiring_soon
          source: 003_f95a2635431d39b6.txt 七(四)2
          params: {days: 90, evaluation_months: 3}

    Passes: a practice license valid to 2030-12-31, checked on 2026-11-23.
    Fails: valid to 2027-01-15 (within 90 days).
    """
    days = setting.params["days"]
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


EXPIRED_DOCUMENT = Rule("expired_document", expired_document)
EXPIRING_SOON = Rule("expiring_soon", expiring_soon, params=(
    Param("days", integer(), "warn when a license ends within this many days", default=90),
    Param("evaluation_months", integer(), "months the evaluation takes: a license must outlast it "
          "(0: no evaluation period)", default=0),
    Param("evaluation_months_by_scheme",
          {"type": "object", "additionalProperties": integer(), "propertyNames": {"vocabulary": "schemes"}},
          "evaluation months per scheme, where they differ (overrides evaluation_months)", default={}),
))
