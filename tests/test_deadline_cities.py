"""The time limits the city checklists hold (spec/requirements.md "Time limits"), computed."""
from __future__ import annotations

from datetime import date

import pytest

from validator.domain.deadlines import EVENTS, DeadlineRule, cited, city_deadlines, deadlines_for, supplement_by
from validator.vocabulary import ids

START = date(2025, 9, 30)  # the day before National Day: every working-day period spans it


@pytest.mark.parametrize("city", sorted(ids("cities")))
def test_every_entry_of_every_city_computes_and_cites_its_source(city):
    for event, entries in city_deadlines(city).items():
        assert event in EVENTS
        for entry in entries:
            rule = DeadlineRule.from_entry(entry, event)
            assert rule.source.split(" ")[0].endswith(".txt"), (city, event, entry)
        assert deadlines_for(event, START, [city])


def due(event, city, case=None, scheme=None):
    return [d.due.isoformat() for d in deadlines_for(event, START, [city], case=case, scheme=scheme)]


@pytest.mark.parametrize("event, city, case, scheme, expected", [
    # agency tells everything once: weihai 3 (incomplete) / 5 (unqualified); harbin, yangzhou 5
    ("notify", "weihai", "incomplete", None, ["2025-10-11"]),   # 10-11 is an adjusted Saturday
    ("notify", "weihai", "unqualified", None, ["2025-10-14"]),
    ("notify", "harbin", "incomplete", None, ["2025-10-14"]),
    ("notify", "yangzhou", "incomplete", None, ["2025-10-14"]),
    # applicant supplements within 5 working days
    ("supplement", "harbin", "incomplete", None, ["2025-10-14"]),
    ("supplement", "yangzhou", None, None, ["2025-10-14"]),
    # publicity: 5 working days; yangzhou one week, ending on a holiday
    ("publicity", "taiyuan", None, None, ["2025-10-14"]),
    ("publicity", "harbin", None, None, ["2025-10-14"]),
    ("publicity", "weihai", None, None, ["2025-10-14"]),
    ("publicity", "yangzhou", None, None, ["2025-10-09"]),
    # evaluation: 3 months (harbin, weihai pooled), 2 months (weihai personal account), 60 wd (yangzhou)
    ("evaluation", "harbin", None, None, ["2025-12-30"]),
    ("evaluation", "weihai", None, "pooled", ["2025-12-30"]),
    ("evaluation", "weihai", None, "personal-account", ["2025-12-01"]),
    ("evaluation", "yangzhou", None, None, ["2025-12-30"]),
    # signing: 20 working days (taiyuan), 10 (harbin)
    ("sign", "taiyuan", None, None, ["2025-11-04", "2025-10-16"]),
    ("sign", "harbin", None, None, ["2025-10-21"]),
    # re-applying after 3 months of rectification; 1 year after failing again
    ("reapply", "weihai", "failed", None, ["2025-12-30"]),
    ("reapply", "weihai", "failed-again", None, ["2026-09-30"]),
    ("reapply", "harbin", "failed", None, ["2025-12-30"]),
    # changes: 30 working days (weihai); yangzhou 15 days after / 15 days before
    ("change", "weihai", "major", "personal-account", ["2025-11-18"]),
    # the agency's own limit (weihai 九) is a separate event from the applicant's
    ("processing", "weihai", None, "personal-account", ["2025-10-16"]),
    ("processing", "weihai", None, "pooled", ["2025-10-21"]),
    ("change", "yangzhou", "name-change", None, ["2025-10-15"]),
    ("change", "yangzhou", "address-change", None, ["2025-09-15"]),
    # suspension up to 180 days (ends on a Sunday: extended); request 3 months in advance
    ("suspension-end", "weihai", None, None, ["2026-03-30"]),
    ("termination-notice", "weihai", None, None, ["2025-06-30"]),
    # renewal: a window, the last 30 days before expiry (due on the expiry day itself)
    ("renewal", "yangzhou", None, None, ["2025-09-30"]),
])
def test_requirements_table(event, city, case, scheme, expected):
    assert due(event, city, case, scheme) == expected


def test_cities_without_a_limit_give_none():
    assert due("supplement", "weihai") == [] and due("renewal", "shandong-provincial") == []


def test_supplement_by_ignores_other_cases():
    # harbin also sets 5 working days for a failed e-prescription acceptance: not this case
    found = supplement_by("harbin", START)
    assert found.due == date(2025, 10, 14) and found.rule.case is None
    assert supplement_by("weihai", START) is None


def test_yangzhou_renewal_is_a_window_not_a_deadline():
    [window] = deadlines_for("renewal", START, ["yangzhou"])
    assert (window.opens, window.due) == (date(2025, 8, 31), START)
    assert window.rule.describe() == "期满前30日内" and window.rule.describe("en") == "within the 30 days before"


# Provisions that only Weihai's guide states (八(一)-(三), 九) do not reach other cities.
@pytest.mark.parametrize("event", ["change", "suspension-end", "termination-notice", "processing"])
def test_weihai_only_limits_stay_in_weihai(event):
    assert due(event, "harbin") == [] and due(event, "taiyuan") == [] and due(event, "shandong-provincial") == []


@pytest.mark.parametrize("city", sorted(ids("cities")))
def test_every_limit_cites_the_citys_own_seed_by_its_title(city):
    own = {"harbin": "003_", "weihai": "004_", "yangzhou": "001_", "taiyuan": "000_", "shandong-provincial": "002_"}
    for event in EVENTS:
        for found in deadlines_for(event, START, [city]):
            assert found.rule.source.startswith(own[city]), (event, found.rule.source)
            assert cited(found).startswith("《") and ".txt" not in cited(found)
