"""Policy citations for people: ``004_….txt 五(一)`` → ``《威海市…经办流程（试行）》五(一)``.

A checklist names a seed file by its document's title plus notes in trailing brackets
("（附件1 …）", "（山东省医疗保险事业中心，2020年3月20日）", "（英译本）"). Inside 《》 goes only the
title; a machine translation stays marked as one after it; two guides joined by "；" are cited as two.
"""
from __future__ import annotations

import re
from typing import Mapping

_SEED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")
_TRANSLATION = "英译本"


def document_title(name: str, official: bool = False) -> str:
    """"A；B（英译本）" → "《A》及《B》（英译本）"; other trailing notes are dropped. ``official``:
    the document's own Chinese title only, as an agency's notice cites it (no "（英译本）")."""
    notes = []
    # a note closes the name only if the title itself does not end in brackets, e.g. "（试行）"
    while (match := _TRAILING_NOTE.search(name)) and match.group(0) != "（试行）":
        notes.append(match.group(0))
        name = name[:match.start()]
    titles = "及".join(f"《{part.strip()}》" for part in name.split("；") if part.strip())
    return titles + ("（英译本）" if not official and any(_TRANSLATION in note for note in notes) else "")


def readable(source: str, sources: Mapping[str, str], official: bool = False) -> str:
    """Replaces every seed file name with the title of the document it holds (``official``: see
    document_title)."""
    def title(match: re.Match[str]) -> str:
        name = sources.get(match.group(0))
        return document_title(name, official) if name else match.group(0)
    return _SEED.sub(title, source).replace("》 ", "》").replace("（英译本） ", "（英译本）")


def readable_for_city(city: str, source: str) -> str:
    """``readable`` with the sources of ``city``'s checklist (a city without one keeps the file names)."""
    from validator.checklists.loader import list_cities, load_checklist
    return readable(source, load_checklist(city).sources) if city in list_cities() else source
