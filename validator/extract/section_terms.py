"""Required sections recognised by their core terms, not only their literal names.

The terms are data (validator/data/section_terms.yaml): a section is found when its
literal name occurs in the document, or when one heading holds a term of every group
of the section's entry (进销存制度 ← 药品和医用材料进销存管理制度).
"""
from __future__ import annotations

from functools import lru_cache

from validator.extract.normalize import squeeze
from validator.resources import load_data_yaml

TermGroups = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, ...], dict[str, TermGroups]]:
    data = load_data_yaml("section_terms.yaml")
    endings = tuple(sorted((squeeze(e) for e in data["generic_endings"]), key=len, reverse=True))
    sections = {squeeze(name): tuple(tuple(squeeze(term) for term in group) for group in groups)
                for name, groups in data["sections"].items()}
    return endings, sections


def term_groups(section: str) -> TermGroups:
    """The term groups that identify a section: its table entry, else its core as one group."""
    endings, sections = _table()
    name = squeeze(section)
    if name in sections:
        return sections[name]
    core = next((name[:-len(e)] for e in endings if name.endswith(e) and len(name) > len(e)), name)
    return ((core,),)


def heading_names(heading: str, section: str) -> bool:
    """Whether one heading names the section in its own words."""
    bare = squeeze(heading)
    return all(any(term in bare for term in group) for group in term_groups(section))


def section_found(section: str, text: str, headings: list[str]) -> bool:
    """The literal name anywhere in the (squeezed) text, or its core terms within one heading."""
    return squeeze(section) in text or any(heading_names(heading, section) for heading in headings)
