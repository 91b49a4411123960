"""The time limits the city checklists hold (docs/spec/requirements.md "Time limits"), computed."""
from __future__ import annotations

from datetime import date

import pytest

from validator.domain.deadlines import EVENTS, DeadlineRule, cited, city_deadlines, deadlines_for, supplement_by
from validator.resources import list_cities

from city_facts import own_seeds, row_ids, rows

START = date(2025, 9, 30)  # the day before National Day: every working-day period spans it


@pytest.mark.parametrize("city", list_cities())
def test_every_entry_of_every_city_computes_and_cites_its_source(city):
    for event, entries in city_deadlines(city).items():
        assert event in EVENTS
        for entry in entries:
            rule = DeadlineRule.from_entry(entry, event)
            assert rule.source.split(" ")[0].endswith(".txt"), (city, event, entry)
        assert deadlines_for(event, START, [city])


def due(event, city, case=None, scheme=None):
    return [d.due.isoformat() for d in deadlines_for(event, START, [city], case=case, scheme=scheme)]


# The seeds' time limits (tests/cities/<city>.yaml, docs/spec/requirements.md "Time limits").
@pytest.mark.parametrize("city, row", rows("deadlines"), ids=row_ids(rows("deadlines"), "event", "case", "scheme"))
def test_requirements_table(city, row):
    assert due(row["event"], city, row.get("case"), row.get("scheme")) == row["due"]


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
    assert due(event, "taiyuan") == [] and due(event, "shandong-provincial") == []
    # harbin's only agency limit after the application is its signing acceptance result (附件2(5))
    assert [found.rule.source for found in deadlines_for(event, START, ["harbin"])] == (
        ["003_f95a2635431d39b6.txt 附件2(5)"] if event == "processing" else [])


@pytest.mark.parametrize("city", list_cities())
def test_every_limit_cites_the_citys_own_seed_by_its_title(city):
    own = own_seeds(city)
    for event in EVENTS:
        for found in deadlines_for(event, START, [city]):
            assert found.rule.source.split(" ")[0] in own, (event, found.rule.source)
            assert cited(found).startswith("《") and ".txt" not in cited(found)
