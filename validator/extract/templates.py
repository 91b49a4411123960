"""Extraction templates as data: validator/data/templates/<document type>.yaml over _fields.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable

from validator.resources import data_file, load_data_yaml

FIELD_TYPES = frozenset({"text", "code", "uscc", "ric", "date", "range_start", "range_end", "list", "int", "choice"})


# A text value may wrap onto the lines under it; a code (登记号, 许可证编号) too, but only onto
# lines of code characters, so the next cell's text is never glued to it.
_MULTILINE = {"text": True, "list": True, "code": "code"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    labels: tuple[str, ...]
    type: str = "text"
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    multiline: bool | str = True  # "code": continued only by lines of code characters
    anywhere: bool = False


@dataclass(frozen=True)
class Template:
    document_type: str
    fields: tuple[FieldSpec, ...]
    # words of a record of past values (a 副本's 变更记录: 变更前 / 变更后): a table or page holding
    # them is never read for the document's current fields
    history: tuple[str, ...] = ()
    # labels printed on the document for no field read (签发人): they end the value before them
    others: tuple[str, ...] = ()

    @property
    def labels(self) -> set[str]:
        return {label for spec in self.fields for label in spec.labels} | set(self.others)


def _directory() -> Traversable:
    return data_file("templates")


def _spec(name: str, base: dict, override: dict | None) -> FieldSpec:
    merged = {**base, **(override or {})}
    unknown = set(merged) - {"labels", "type", "pattern", "choices", "multiline", "anywhere"}
    if unknown or merged.get("type", "text") not in FIELD_TYPES:
        raise ValueError(f"templates: field {name}: unknown keys {sorted(unknown)} or type {merged.get('type')}")
    return FieldSpec(
        name=name, labels=tuple(merged.get("labels", ())), type=merged.get("type", "text"),
        pattern=merged.get("pattern"), choices=tuple(merged.get("choices", ())),
        multiline=merged.get("multiline", _MULTILINE.get(merged.get("type", "text"), False)),
        anywhere=bool(merged.get("anywhere", False)),
    )


@lru_cache(maxsize=None)
def template(document_type: str) -> Template | None:
    """The template of a document type, or None when the type has no fields to extract."""
    if not _directory().joinpath(f"{document_type}.yaml").is_file():
        return None
    defaults = load_data_yaml("templates/_fields.yaml")
    data = load_data_yaml(f"templates/{document_type}.yaml") or {}
    fields = tuple(_spec(name, defaults.get(name, {}), override) for name, override in data.get("fields", {}).items())
    unknown = set(data) - {"fields", "history", "others"}
    if unknown:
        raise ValueError(f"templates/{document_type}.yaml: unknown keys {sorted(unknown)}")
    return Template(document_type, fields, tuple(data.get("history", ())), tuple(data.get("others", ())))


def template_types() -> list[str]:
    return sorted(entry.name.removesuffix(".yaml") for entry in _directory().iterdir()
                  if entry.name.endswith(".yaml") and not entry.name.startswith("_"))
