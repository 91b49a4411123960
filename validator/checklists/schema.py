"""Validating checklists: safe YAML, then the JSON Schema (validator/data/checklist.schema.json)
extended with a ``vocabulary: <section>`` keyword and, per rule, the parameters the rule declares
(validator/rules/); on the merged checklist, the parameters a rule requires. Every problem is a
ChecklistError whose one line names the file and key path.

Both checks run once per content: a checklist that passed leaves a stamp in the user's cache, so
later loads import neither jsonschema nor the rules (measured on weihai, which extends national:
0.35 s validating against 0.08 s stamped; importing the rules costs another 0.3 s)."""
from __future__ import annotations

import contextlib

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, Iterable

from validator.cache import cache_dir, installed_release
from validator.catalogue import t
from validator.errors import ChecklistError
from validator.resources import data_file, list_cities
from validator.vocabulary import ids

if TYPE_CHECKING:
    from jsonschema import ValidationError

BASE = "national"


@lru_cache(maxsize=1)
def checklist_loader() -> type:
    """Safe YAML that keeps dates as text (the schema wants ISO strings) and rejects duplicate keys.

    LibYAML's parser where PyYAML has it: checklists load on every check, and the pure-Python
    parser costs most of a check's time.  Made on first use: a check that finds its checklist
    parsed in the cache (validator/yaml_cache.py) does not import PyYAML."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
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
    return Loader


def parse_checklist_yaml(text: str) -> Any:
    """The YAML of a checklist file; a ChecklistError naming the line where it is not YAML."""
    import yaml

    try:
        return yaml.load(text, Loader=checklist_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if mark:
            raise ChecklistError(t("yaml_error_at_line", line=mark.line + 1, problem=problem)) from error
        raise ChecklistError(t("yaml_error", problem=problem)) from error


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    from difflib import get_close_matches  # only when a mistake is reported

    match = get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return t("did_you_mean", match=repr(match[0])) if match else ""


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
        from validator.rules import RULES  # only while validating: see the module's docstring

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
    from validator.rules import RULES  # only while validating: see the module's docstring

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


def _rule_modules() -> list[Traversable]:
    """validator/rules/*.py, found without importing the package (which imports every rule)."""
    folder = files("validator").joinpath("rules")
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".py")), key=lambda entry: entry.name)


@lru_cache(maxsize=1)
def _rules_digest() -> bytes:
    """What a validation result depends on besides the checklist: the schema, the rule modules
    (their declarations are in them), the vocabulary it names ids of (document types included)
    and the validator library's version."""
    digest = hashlib.sha256(data_file("checklist.schema.json").read_bytes())
    for module in _rule_modules():
        digest.update(module.name.encode("utf-8") + module.read_bytes())
    digest.update(data_file("vocabulary.yaml").read_bytes())
    digest.update(installed_release("jsonschema").encode("utf-8"))
    return digest.digest()


def _stamp_digest(text: str) -> str:
    return hashlib.sha256(_rules_digest() + text.encode("utf-8")).hexdigest()


def _once(text: str, check: Callable[[], None]) -> None:
    """Runs ``check`` unless ``text`` passed it before with the same rules (a stamp in the cache)."""
    stamp = cache_dir("checklists") / _stamp_digest(text)
    if stamp.exists():
        return
    check()
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time (validator/cache.py)
        stamp.touch(mode=0o600)


def validate_checklist(data: dict[str, Any], label: str, text: str) -> None:
    """The schema, with the rules' declared parameters, on one checklist file."""
    def check() -> None:
        # First by place; at one place an unknown key first: a misspelt key also makes a required one missing.
        errors = sorted(_validator().iter_errors(data), key=lambda e: (
            list(map(str, e.absolute_path)), e.validator != "additionalProperties", e.message))
        if errors:
            raise ChecklistError(t("labelled", label=label, message=_schema_message(errors[0])))

    _once(text, check)


def check_required_params(rules: list[dict[str, Any]], label: str) -> None:
    """Every parameter a rule requires is given by the merged checklist (here or in what it extends)."""
    def check() -> None:
        from validator.rules import RULES  # only while validating: see the module's docstring

        for index, rule in enumerate(rules):
            given = rule.get("params", {})
            for param in RULES[rule["code"]].params:
                if param.required and param.name not in given:
                    raise ChecklistError(t("checklist_param_missing", label=label, index=index, param=repr(param.name),
                                           code=rule["code"]))

    _once("merged rules\n" + json.dumps(rules, sort_keys=True, ensure_ascii=False), check)
