"""An accuracy corpus the reading code was not written against (issue 21, item 8).

Layout families of licences and forms, each its own module with a ``draw(page, rng)`` that lays
a document out and records every field's printed text and expected value; the code shares nothing
with samples/synth (own values, own layouts, own drawing, several fonts). ``generate`` writes a
family's document as a text PDF (or the family's own native file, e.g. .xlsx) and, through
benchmarks.corpus.tiers, as a clean scan, a degraded scan and a phone photo.

Used by benchmarks/extract_accuracy.py; tests/test_extract_scans.py checks that the files hold
the truth they claim.
"""
from __future__ import annotations

import importlib
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from benchmarks.corpus.page import Page, fonts

FAMILIES = (
    "licence_2019", "licence_old", "licence_electronic", "licence_changes",
    "practice_classic", "practice_table", "practice_2019",
    "drug_landscape", "drug_table", "drug_2024",
    "form_table", "form_letter", "form_sheet",
)
TIERS = ("text", "clean_scan", "degraded_scan", "photo")


@dataclass
class Doc:
    family: str
    document_type: str
    seed: int
    font: str
    printed: dict[str, str]  # field -> its text as printed
    truth: dict[str, Any]  # field -> the value extraction must return
    files: dict[str, Path]  # tier -> file


def family(name: str) -> Any:
    return importlib.import_module(f"benchmarks.corpus.{name}")


def draw(name: str, seed: int, path: Path) -> tuple[Doc, Page]:
    """Draws family ``name``'s document for ``seed`` as the text PDF ``path``."""
    module = family(name)
    rng = random.Random(f"{name}:{seed}")
    font = rng.choice(fonts())
    width, height = module.SIZE
    pdf = canvas.Canvas(str(path), pagesize=(width * mm, height * mm))
    page = Page(pdf, width, height, font)
    module.draw(page, rng)
    pdf.showPage()
    pdf.save()
    return Doc(name, module.DOCUMENT_TYPE, seed, font, page.printed, page.truth, {}), page


def generate(name: str, seed: int, folder: Path, tiers: tuple[str, ...] = TIERS) -> Doc:
    """The document of family ``name`` for ``seed`` in each of ``tiers``, written into ``folder``."""
    from benchmarks.corpus import tiers as rendering

    stem = folder / f"{name}-{seed}"
    doc, page = draw(name, seed, stem.with_suffix(".pdf"))
    native = getattr(family(name), "native", None)
    for tier in tiers:
        if tier == "text":
            doc.files[tier] = native(page, stem) if native else stem.with_suffix(".pdf")
        else:
            doc.files[tier] = rendering.write(tier, stem.with_suffix(".pdf"), random.Random(f"{tier}:{seed}"))
    return doc


def as_list(text: str) -> list[str]:
    """诊疗科目 as a list: the items between ；、，(the truth of a list field)."""
    return [item for item in re.split(r"[；;、，,]", text) if item]
