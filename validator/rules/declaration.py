"""What a rule declares about itself (yamllint's ``rules/`` is the model): the code a checklist
names it by, the finding codes it yields, its parameters with their types and defaults, and its
documentation (the check function's docstring, with a checklist example and what passes and fails).

The checklist loader validates a checklist's ``params`` against these declarations, the
checklists README's parameter table is generated from them (``python -m validator.rules.docs``),
and a rule reads its parameters already settled: every default filled in from here.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.errors import ChecklistError
from validator.catalogue import t
from validator.finding_entries import FindingEntry, finding_entry
from validator.findings import Finding

Check = Callable[[CheckContext, RuleSetting], Iterable[Finding]]

# Every rule may also say it could not decide, or that a document lacks the field it needs
# (docs/CONVENTIONS.md item 4); these are not the rule's own findings.
COMMON_CODES = ("could_not_verify", "field_not_found")


@dataclass(frozen=True)
class Param:
    """One parameter: its JSON Schema (``vocabulary: <section>`` names ids of vocabulary.yaml),
    the value used when a checklist does not give it, and what it means."""

    name: str
    schema: Mapping[str, Any]
    doc: str
    default: Any = None
    required: bool = False  # the merged checklist must give it (no sensible default exists)


@dataclass(frozen=True)
class Rule:
    """A rule as a checklist names it (``rules: - code: <code>``)."""

    code: str
    check: Check
    params: tuple[Param, ...] = ()
    codes: tuple[str, ...] = field(default=())  # finding codes it yields; () means just ``code``

    @property
    def finding_codes(self) -> tuple[str, ...]:
        return self.codes or (self.code,)

    @property
    def entries(self) -> tuple[FindingEntry, ...]:
        """Severity, titles and messages of each code it yields: one catalogue entry per code
        (validator/finding_entries.py; tests/test_finding_codes.py holds the files to it)."""
        return tuple(finding_entry(code) for code in self.finding_codes)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    def defaults(self) -> dict[str, Any]:
        return {param.name: param.default for param in self.params}

    def params_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False,
                "properties": {param.name: dict(param.schema) for param in self.params}}

    def settle(self, setting: RuleSetting, where: str) -> RuleSetting:
        """The setting with every declared default filled in; a missing required parameter is a
        ChecklistError naming ``where`` (the checklist file)."""
        for param in self.params:
            if param.required and setting.params.get(param.name) is None:
                raise ChecklistError(t("rule_param_missing", where=where, code=self.code, param=repr(param.name)))
        return replace(setting, params={**self.defaults(), **setting.params})

    def run(self, context: CheckContext, setting: RuleSetting) -> list[Finding]:
        where = str(context.checklist.settings.get("file") or context.checklist.city)
        return list(self.check(context, self.settle(setting, where)))


# JSON Schema shapes the declarations share.
def integer(minimum: int = 0) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum}


def ids_of(section: str) -> dict[str, Any]:
    """A list of distinct ids of a vocabulary section."""
    return {"type": "array", "uniqueItems": True,
            "items": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$", "vocabulary": section}}


def words() -> dict[str, Any]:
    """A list of distinct non-empty strings (Chinese terms as the seed words them)."""
    return {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}}


DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
