"""The shape of a loaded checklist (the loader and schema live in validator/checklists/loader.py)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping


@dataclass(frozen=True)
class ChecklistItem:
    """One material a city asks for, under the conditions it asks for it."""

    material: str  # a material id of vocabulary.yaml
    title: str  # the official title as the seed words it
    source: str  # "<seed file> <section>", e.g. "004_b66d6adc241eb53e.txt 五(一)"
    kinds: frozenset[str]  # hospital / clinic / pharmacy
    schemes: frozenset[str]  # pooled / personal-account; empty = any scheme
    procedures: frozenset[str]  # application / signing / change / suspension / termination / renewal
    document_types: tuple[str, ...]  # document types that satisfy it
    copies: int = 1
    sections: tuple[str, ...] = ()  # headings the material must contain
    condition: str | None = None  # a named fact, e.g. "for_profit", "has_large_equipment"
    note: str = ""

    def applies_to(self, kind: str, scheme: str | None, procedure: str) -> bool:
        return (kind in self.kinds and procedure in self.procedures
                and (not self.schemes or scheme is None or scheme in self.schemes))


@dataclass(frozen=True)
class RuleSetting:
    """A rule a city applies, with its parameters and the clause it comes from."""

    code: str  # a finding code; the rule registered under it runs
    source: str
    params: Mapping[str, Any] = field(default_factory=dict)
    procedures: frozenset[str] = frozenset()  # the procedures it belongs to; empty: every one
    # the clause for one scheme or kind where the seed has one per scheme or kind (weihai 六(一)1
    # for pooled, 六(二)1 for personal-account; yangzhou 一(一) institutions, 一(二) pharmacies)
    source_for: Mapping[str, str] = field(default_factory=dict)

    def runs_in(self, procedure: str) -> bool:
        return not self.procedures or procedure in self.procedures

    def cited_for(self, kind: str, scheme: str | None) -> "RuleSetting":
        """The setting citing the clause for this scheme, else this kind, else its own source."""
        source = self.source_for.get(scheme or "") or self.source_for.get(kind) or self.source
        return self if source == self.source else replace(self, source=source)


@dataclass(frozen=True)
class Checklist:
    city: str
    title: str
    version: str
    effective: str  # ISO date, or 未载明 where the seed carries no date
    items: tuple[ChecklistItem, ...]
    rules: tuple[RuleSetting, ...] = ()
    kinds: frozenset[str] = frozenset()
    schemes: frozenset[str] = frozenset()  # schemes the city distinguishes (empty: none)
    procedures: frozenset[str] = frozenset()
    sources: Mapping[str, str] = field(default_factory=dict)  # seed file -> its title
    settings: Mapping[str, Any] = field(default_factory=dict)  # deadlines, agency name ...

    def items_for(self, kind: str, scheme: str | None, procedure: str) -> list[ChecklistItem]:
        return [item for item in self.items if item.applies_to(kind, scheme, procedure)]

    def rule(self, code: str) -> RuleSetting | None:
        return next((rule for rule in self.rules if rule.code == code), None)
