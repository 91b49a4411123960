"""Designations an applicant must already hold before it may apply (shandong-provincial 一、1:
institutions already in Jinan's 门诊慢性病 and 住院统筹 agreements and in the 省直 personal-account
designation; 一、2: pharmacies in the urban area already designated by Jinan).

Each is a named fact (validator/extract/facts.py, declared under the checklist's ``facts``). A fact known
false is the seed's own condition failing (``prerequisite_not_met``, a ground to refuse); a fact
the package does not settle is ``could_not_verify`` naming the prerequisite, never an error.
"""
from __future__ import annotations

from typing import Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.common import located, unverified
from validator.rules.declaration import Param, Rule


def prerequisite_not_met(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """A designation the seed requires before applying (``requires``: named facts, per kind) is
    known not to be held; not known: ``could_not_verify`` naming it.

    Example::

        - code: prerequisite_not_met
          source: 002_5bdaeeafb2ffde8a.txt 一、1; 一、2
          params: {requires: [{fact: jinan_designated_pharmacy, kinds: [pharmacy]}]}

    Passes: the Jinan agreement copy names a 药店 designated by 济南.
    Fails: the fact is false (doubt where the package does not show it).
    """
    facts = context.checklist.settings.get("facts", {})
    for required in setting.params.get("requires") or []:
        if context.kind not in required.get("kinds", [context.kind]):
            continue
        name = required["fact"]
        description = str(facts.get(name, {}).get("description", name))
        value = context.facts.get(name)
        if value is None:
            yield unverified(context, setting, f"申请条件“{description}”无法从申报材料中核实，请人工核实。",
                             f"the prerequisite '{name}' cannot be verified from the materials; check by hand.",
                             evidence={"fact": name})
        elif not value:
            yield located(context, setting, "prerequisite_not_met", None, field=name,
                          evidence={"prerequisite": description, "prerequisite_en": name})


PREREQUISITE_NOT_MET = Rule("prerequisite_not_met", prerequisite_not_met, params=(
    Param("requires", {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["fact"],
        "properties": {"fact": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                       "kinds": {"type": "array", "items": {"type": "string", "vocabulary": "institution_kinds"}}}}},
          "named facts (declared under the checklist's facts) that must hold, with the kinds they apply to",
          required=True),
))
