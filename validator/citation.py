"""Policy citations for people: ``004_….txt 五(一)`` → ``《威海市…经办流程（试行）》五(一)``."""
from __future__ import annotations

import re
from typing import Mapping

_SEED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
_ATTACHMENT_NOTE = re.compile(r"（附件[^（）]*）$")


def readable(source: str, sources: Mapping[str, str]) -> str:
    """Replaces every seed file name with the title of the document it holds."""
    def title(match: re.Match[str]) -> str:
        name = sources.get(match.group(0))
        return f"《{_ATTACHMENT_NOTE.sub('', name)}》" if name else match.group(0)
    return _SEED.sub(title, source).replace("》 ", "》")


def readable_for_city(city: str, source: str) -> str:
    """``readable`` with the sources of ``city``'s checklist (a city without one keeps the file names)."""
    from validator.checklists import list_cities, load_checklist
    return readable(source, load_checklist(city).sources) if city in list_cities() else source
