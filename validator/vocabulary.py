"""The shared vocabulary (spec/vocabulary.yaml, shipped in validator/data): ids, titles, severities."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from validator.resources import load_data_yaml

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# Eligibility codes make a package "ineligible" rather than "incomplete" (spec/requirements.md).
ELIGIBILITY_CODES = frozenset({
    "operating_period_too_short", "no_first_registered_physician", "insufficient_pharmacists",
    "insurance_department_required", "non_basic_service_scope", "ineligible_institution_type",
    "negative_list_match", "outside_application_window", "assessment_score_below_threshold",
    "procedure_not_permitted", "prerequisite_not_met",
})


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return load_data_yaml("vocabulary.yaml")


def ids(section: str) -> frozenset[str]:
    return frozenset(vocabulary()[section])


def finding_severity(code: str) -> str:
    return vocabulary()["findings"][code]["severity"]


def title(section: str, key: str, lang: str = "zh") -> str:
    """Official title of an id; English from messages.yaml where ``lang`` is ``en``."""
    if lang == "en":
        english = load_data_yaml("titles_en.yaml").get(section, {}).get(key)
        if english:
            return english
    entry = vocabulary()[section].get(key, key)
    return entry["title"] if isinstance(entry, dict) else entry
