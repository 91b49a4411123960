"""Validating one checklist file: safe YAML, then the JSON Schema (validator/data/checklist.schema.json)
extended with a ``vocabulary: <section>`` keyword and, per rule, the parameters the rule declares
(validator/rules/). Every problem is a ChecklistError whose one line names the file and key path."""
from __future__ import annotations

import hashlib
import json
from difflib import get_close_matches
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from validator.cache import cache_dir
from validator.errors import ChecklistError
from validator.resources import data_file, list_cities
from validator.rules import RULES
from validator.vocabulary import ids

if TYPE_CHECKING:
    from jsonschema import ValidationError

BASE = "national"


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps dates as text (the schema wants ISO strings) and rejects duplicate keys.

    LibYAML's parser where PyYAML has it: checklists load on every check, and the pure-Python
    parser costs most of a check's time."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    match = get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def key_path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


# Singular words for the sections that the schema's `vocabulary` keyword names.
_WHAT = {"cities": "city", "institution_kinds": "kind", "schemes": "scheme", "procedures": "procedure",
         "materials": "material", "document_types": "document type", "findings": "finding code", "fields": "field",
         "rules": "rule"}


def _known(section: str) -> frozenset[str]:
    if section == "rules":
        return frozenset(RULES)
    if section == "cities":  # a city is what has a checklist, shipped or in DINGDIAN_EXTRA_DATA
        return ids(section) | frozenset(list_cities()) | {BASE}
    return ids(section)


def _vocabulary(validator: Any, section: str, instance: Any, schema: dict[str, Any]) -> Iterable[Any]:
    """The schema keyword ``vocabulary: <section>``: the value is an id of that vocabulary section
    (``rules``: a code of the rule registry)."""
    if isinstance(instance, str) and instance not in _known(section):
        from jsonschema import ValidationError

        yield ValidationError(f"unknown {_WHAT[section]} {instance!r}{did_you_mean(instance, _known(section))}")


@lru_cache(maxsize=1)
def checklist_schema() -> dict[str, Any]:
    """The shipped schema with one if/then per rule: its ``params`` as the rule declares them."""
    schema = json.loads(data_file("checklist.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["rule"]["allOf"] = [
        {"if": {"properties": {"code": {"const": code}}, "required": ["code"]},
         "then": {"properties": {"params": rule.params_schema()}}}
        for code, rule in RULES.items()]
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    checker = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"vocabulary": _vocabulary})
    return checker(checklist_schema())


def _schema_message(error: ValidationError) -> str:
    path = key_path(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        key = sorted(set(error.instance) - set(allowed))[0]
        return f"{key_path([*error.absolute_path, key])}: unknown key{did_you_mean(key, allowed)}"
    if error.validator == "required":
        return f"{path}: missing key {error.message.split(chr(39))[1]!r}"
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        return f"{path}: needs exactly one of working_days, days, months"
    return f"{path}: {error.message}"


@lru_cache(maxsize=1)
def _rules_digest() -> bytes:
    """What a validation result depends on besides the file: the schema with the rules'
    declarations, the vocabulary it names ids of (document types included), and the validator
    library's version."""
    from importlib.metadata import version

    digest = hashlib.sha256(json.dumps(checklist_schema(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(data_file("vocabulary.yaml").read_bytes())
    digest.update(version("jsonschema").encode("ascii"))
    return digest.digest()


def _stamp_digest(text: str) -> str:
    return hashlib.sha256(_rules_digest() + text.encode("utf-8")).hexdigest()


def validate_checklist(data: dict[str, Any], label: str, text: str) -> None:
    """Schema-validates a checklist once per content and rules: a file that passed leaves a stamp
    in the user's cache, so later checks skip importing and running jsonschema (measured on
    weihai, which extends national: 0.35 s validating, 0.08 s with the stamps)."""
    stamp = cache_dir("checklists") / _stamp_digest(text)
    if stamp.exists():
        return
    # First by place; at one place an unknown key first: a misspelt key also makes a required one missing.
    errors = sorted(_validator().iter_errors(data), key=lambda e: (
        list(map(str, e.absolute_path)), e.validator != "additionalProperties", e.message))
    if errors:
        raise ChecklistError(f"{label}: {_schema_message(errors[0])}")
    stamp.touch(mode=0o600)
