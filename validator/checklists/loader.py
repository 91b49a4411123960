"""Loading a city's checklist: YAML → schema → vocabulary ids → ``extends`` → Checklist.

A checklist is pure data (checklists/<city>.yaml, described in checklists/README.md). Every
problem in it is a ChecklistError (exit 3) whose one line names the file and the key path, so
a broken city file fails loudly and says where; it is never skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Union

from validator.checklists.model import Checklist, ChecklistItem, RuleSetting
from validator.checklists.schema import check_required_params, did_you_mean, parse_checklist_yaml, validate_checklist
from validator.catalogue import t
from validator.errors import ChecklistError, UsageError
from validator.resources import checklist_files, checklists_dir, extra_dirs, list_cities
from validator.yaml_cache import parsed

_SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
Source = Union[Path, Any]  # a Path, or a Traversable inside the installed package


def _label(source: Source) -> str:
    return str(source) if isinstance(source, Path) else f"checklists/{source.name}"


# --- reading one file -------------------------------------------------------------------------

def read_checklist_file(source: Source) -> dict[str, Any]:
    """Parses and schema-checks one checklist file (no ``extends`` resolution)."""
    label = _label(source)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ChecklistError(t("cannot_be_read", path=label, reason=error.strerror or error)) from error
    try:
        data = parsed(text, parse_checklist_yaml)
    except ChecklistError as error:
        raise ChecklistError(t("labelled", label=label, message=error.message)) from error
    if not isinstance(data, dict):
        raise ChecklistError(t("checklist_not_mapping", label=label))
    validate_checklist(data, label, text)
    stem = source.name.rsplit(".", 1)[0]
    if data["city"] != stem:
        raise ChecklistError(t("checklist_city_mismatch", label=label, city=repr(data["city"]), stem=repr(stem)))
    return data


def _check_unique_rules(data: dict[str, Any], label: str) -> None:
    codes = [rule["code"] for rule in data.get("rules", [])]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ChecklistError(t("checklist_rule_twice", label=label, code=repr(twice[0])))


# --- extends ------------------------------------------------------------------------------------

def _base_source(source: Source, name: str) -> Source:
    """The base sits beside the file; a file outside the package may extend a shipped checklist."""
    sibling = source.parent / f"{name}.yaml" if isinstance(source, Path) else None
    if sibling is not None and sibling.is_file():
        return sibling
    shipped = checklists_dir().joinpath(f"{name}.yaml")
    if not shipped.is_file():
        raise ChecklistError(t("checklist_extends_unknown", label=_label(source), name=repr(name)))
    return shipped


def _drop(label: str, key: str, names: list[str], present: Iterable[str], base: str) -> set[str]:
    present = set(present)
    for index, name in enumerate(names):
        if name not in present:
            raise ChecklistError(t("checklist_drop_unknown", label=label, key=key, index=index, name=repr(name), base=base,
                                   hint=did_you_mean(name, present)))
    return set(names)


def _tagged(data: dict[str, Any], label: str, kinds: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Items with where they were written (for error messages); kinds default to the file's."""
    return [(f"{label}: items[{index}]", {"kinds": kinds, **item}) for index, item in enumerate(data.get("items", []))]


def _merge(base: dict[str, Any], data: dict[str, Any], label: str) -> dict[str, Any]:
    """Items: a city item replaces every base item of its material; rules: by code (params merged);
    deadlines: by event. ``drop``, ``drop_rules``, ``drop_deadlines`` remove what the base has."""
    merged = {**base, **{key: value for key, value in data.items() if not key.startswith("drop")}}
    merged["sources"] = {**base.get("sources", {}), **data.get("sources", {})}
    merged["facts"] = {**base.get("facts", {}), **data.get("facts", {})}
    merged["recognise"] = {**base.get("recognise", {}), **data.get("recognise", {})}
    base_name = data["extends"]
    gone = _drop(label, "drop", data.get("drop", []), (item["material"] for _, item in base["items"]), base_name)
    gone |= {item["material"] for item in data.get("items", [])}
    merged["items"] = [*((where, item) for where, item in base["items"] if item["material"] not in gone),
                       *_tagged(data, label, merged["kinds"])]
    dropped = _drop(label, "drop_rules", data.get("drop_rules", []), (r["code"] for r in base["rules"]), base_name)
    rules = {rule["code"]: rule for rule in base["rules"] if rule["code"] not in dropped}
    for rule in data.get("rules", []):
        earlier = rules.get(rule["code"], {})
        rules[rule["code"]] = {**earlier, **rule, "params": {**earlier.get("params", {}), **rule.get("params", {})}}
    merged["rules"] = list(rules.values())
    ended = _drop(label, "drop_deadlines", data.get("drop_deadlines", []), base.get("deadlines", {}), base_name)
    merged["deadlines"] = {**{event: entries for event, entries in base.get("deadlines", {}).items()
                              if event not in ended}, **data.get("deadlines", {})}
    merged["extends"] = [*base.get("extends", []), base_name]
    return merged


def _load_merged(source: Source, chain: tuple[str, ...] = ()) -> dict[str, Any]:
    label = _label(source)
    data = read_checklist_file(source)
    if data["city"] in chain:
        raise ChecklistError(t("checklist_extends_circular", label=label, chain=" → ".join([*chain, data["city"]])))
    _check_unique_rules(data, label)
    if "extends" not in data:
        return {**data, "items": _tagged(data, label, data.get("kinds", [])), "rules": data.get("rules", []),
                "extends": []}
    base = _load_merged(_base_source(source, data["extends"]), (*chain, data["city"]))
    return _merge(base, data, label)


# --- checks on the merged checklist ---------------------------------------------------------------

def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    schemes_a, schemes_b = set(a.get("schemes", [])), set(b.get("schemes", []))
    return (bool(set(a["kinds"]) & set(b["kinds"])) and bool(set(a["procedures"]) & set(b["procedures"]))
            and (not schemes_a or not schemes_b or bool(schemes_a & schemes_b)))


def _check_merged(data: dict[str, Any], label: str) -> None:
    """Items fit the checklist's kinds, schemes, procedures and facts; sources cite listed seeds;
    one material is asked for at most once per kind, scheme and procedure."""
    for key in ("kinds", "procedures"):
        if not data.get(key):
            raise ChecklistError(t("checklist_missing_key", label=label, key=repr(key)))
    cited = [(f"{where}.source", item["source"]) for where, item in data["items"]]
    cited += [(f"{label}: rules[{i}].source", rule["source"]) for i, rule in enumerate(data["rules"])]
    cited += [(f"{label}: rules[{i}].source_for.{key}", text) for i, rule in enumerate(data["rules"])
              for key, text in rule.get("source_for", {}).items()]
    cited += [(f"{label}: deadlines.{event}[{i}].source", entry["source"])
              for event, entries in data["deadlines"].items() for i, entry in enumerate(entries)]
    for where, text in cited:
        for seed in _SEED_FILE.findall(text):
            if seed not in data["sources"]:
                raise ChecklistError(t("checklist_cites_unlisted_seed", where=where, seed=seed))
    check_required_params(data["rules"], label)
    # A city keeps only the seeds it cites (national's Harbin clauses are gone once replaced).
    used = {seed for _, text in cited for seed in _SEED_FILE.findall(text)}
    data["sources"] = {seed: name for seed, name in data["sources"].items() if seed in used}
    for index, (where, item) in enumerate(data["items"]):
        for key in ("kinds", "schemes", "procedures"):
            extra = sorted(set(item.get(key, [])) - set(data.get(key, [])))
            if extra:
                raise ChecklistError(t("checklist_item_outside", where=where, key=key, value=repr(extra[0]),
                                       values=sorted(data.get(key, []))))
        for literal in (item.get("condition") or "").split(" and "):
            fact = literal.removeprefix("not ")
            if fact and fact not in data["facts"]:
                raise ChecklistError(t("checklist_unknown_fact", where=where, fact=repr(fact),
                                       hint=did_you_mean(fact, data["facts"])))
        for other_where, other in data["items"][:index]:
            if other["material"] == item["material"] and _overlap(item, other):
                raise ChecklistError(t("checklist_material_twice", where=where, material=repr(item["material"]),
                                       other=other_where.split(": ")[-1], file=other_where.split(": ")[0]))


def _build(data: dict[str, Any], label: str) -> Checklist:
    items = tuple(
        ChecklistItem(material=item["material"], title=item["title"], source=item["source"],
                      kinds=frozenset(item["kinds"]), schemes=frozenset(item.get("schemes", [])),
                      procedures=frozenset(item["procedures"]), document_types=tuple(item["document_types"]),
                      copies=item.get("copies", 1), sections=tuple(item.get("sections", [])),
                      condition=item.get("condition"), note=item.get("note", ""))
        for _, item in data["items"])
    rules = tuple(RuleSetting(rule["code"], rule["source"], rule.get("params", {}), frozenset(rule.get("procedures", [])),
                              rule.get("source_for", {}))
                  for rule in data["rules"])
    settings = {"deadlines": data["deadlines"], "agency": data.get("agency", {}), "facts": data["facts"],
                "extends": data["extends"], "file": label, "effective_note": data.get("effective_note", ""),
                "recognise": data.get("recognise", {})}
    if "agreement_term" in data:
        settings["agreement_term"] = data["agreement_term"]
    return Checklist(city=data["city"], title=data["title"], version=data["version"], effective=data["effective"],
                     items=items, rules=rules, kinds=frozenset(data["kinds"]),
                     schemes=frozenset(data.get("schemes", [])), procedures=frozenset(data["procedures"]),
                     sources=data["sources"], settings=settings)


def load_checklist_file(source: Source) -> Checklist:
    """Loads any checklist file (a Path, e.g. in tests, or a shipped one), resolving ``extends``."""
    data = _load_merged(source)
    _check_merged(data, _label(source))
    return _build(data, _label(source))


# --- the shipped checklists ------------------------------------------------------------------------

def load_checklist(city: str) -> Checklist:
    """The checklist of a city (or the national baseline), shipped or from DINGDIAN_EXTRA_DATA."""
    return _load_checklist(city, extra_dirs())


@lru_cache(maxsize=None)
def _load_checklist(city: str, extras: tuple[Path, ...]) -> Checklist:
    """Cached per city and set of extra folders (the files are read once per process)."""
    source = checklist_files().get(city)
    if source is None:
        raise UsageError(t("no_checklist_for_city", city=repr(city), hint=did_you_mean(city, list_cities()),
                           cities=", ".join(list_cities())))
    return load_checklist_file(source)


# --- which items apply ------------------------------------------------------------------------------

def condition_holds(condition: str, facts: Mapping[str, Any], defaults: Mapping[str, Any]) -> bool | None:
    """``fact``, ``not fact`` joined by `` and ``: False if any literal is false, None if any is unknown."""
    result: bool | None = True
    for literal in condition.split(" and "):
        name = literal.removeprefix("not ")
        value = facts.get(name)
        value = defaults.get(name) if value is None else value
        if value is None:
            result = None
        elif bool(value) == literal.startswith("not "):
            return False
    return result


def scheme_choices(checklist: Checklist, kind: str, procedure: str) -> list[str]:
    """Schemes that change what ``kind`` must submit for ``procedure`` (empty: none to choose)."""
    return sorted({scheme for item in checklist.items if kind in item.kinds and procedure in item.procedures
                   for scheme in item.schemes})


def check_target(checklist: Checklist, kind: str, scheme: str | None, procedure: str) -> None:
    """UsageError (exit 2) naming the option to give when kind, scheme or procedure do not fit the city."""
    city = checklist.city
    if kind not in checklist.kinds:
        raise UsageError(t("city_kind_not_designated", city=city, kind=kind, kinds=", ".join(sorted(checklist.kinds))))
    if procedure not in checklist.procedures:
        raise UsageError(t("city_no_procedure", city=city, procedure=procedure,
                           procedures=", ".join(sorted(checklist.procedures))))
    choices = scheme_choices(checklist, kind, procedure)
    if choices and scheme not in choices:
        key = "city_scheme_not_one_of" if scheme else "city_scheme_needed"
        raise UsageError(t(key, city=city, kind=kind, scheme=scheme, choices=", ".join(choices)))


def resolve(checklist: Checklist, kind: str, scheme: str | None, procedure: str,
            facts: Mapping[str, Any] | None = None) -> list[tuple[ChecklistItem, str]]:
    """Each item that applies, with "required", "conditional" (its condition's fact is unknown) or
    "not_applicable" (its condition is false)."""
    check_target(checklist, kind, scheme, procedure)
    return [(item, item_state(checklist, item, facts or {})) for item in checklist.items_for(kind, scheme, procedure)]


def item_state(checklist: Checklist, item: ChecklistItem, facts: Mapping[str, Any]) -> str:
    """"required", "conditional" or "not_applicable" for ``item`` given the facts (the checklist's
    fact defaults fill the gaps)."""
    if item.condition is None:
        return "required"
    defaults = {name: fact.get("default") for name, fact in checklist.settings.get("facts", {}).items()}
    holds = condition_holds(item.condition, facts, defaults)
    return "required" if holds else ("conditional" if holds is None else "not_applicable")
