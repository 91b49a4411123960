"""forms/README.md's template table is generated (generators/forms_docs.py), so a new form or template
needs no hand edit of the README; this fails when the table is stale."""
from __future__ import annotations

from generators import forms_docs


def test_the_template_table_is_current():
    text = forms_docs.README.read_text(encoding="utf-8")
    assert forms_docs.rewritten(text) == text, "run: python -m generators.regenerate"


def test_a_stale_table_is_seen():
    text = forms_docs.README.read_text(encoding="utf-8")
    stale = text.replace("| `common/staff_roster.xlsx` |", "| `common/staff_roster_old.xlsx` |")
    assert stale != text and forms_docs.rewritten(stale) == text
