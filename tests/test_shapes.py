"""The named shapes (validator/shapes.py) are the ones the code spells out: every material state has
its mark and words in each rendering, and no rendering knows a state the type does not."""
from __future__ import annotations

from validator.report.render import html, text
from validator.shapes import MATERIAL_STATES


def test_every_material_state_is_rendered():
    for table in (text._STATUS_MARK, html._STATUS, html._MARK):
        assert set(table) == set(MATERIAL_STATES)
