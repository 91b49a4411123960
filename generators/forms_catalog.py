"""The form catalogue (forms/catalog.yaml) as typed data, and the look-ups ``fill`` needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from importlib.resources.abc import Traversable

from validator.errors import TemplateError, UsageError
from validator.catalogue import t
from validator.resources import extra_dirs, forms_dir, load_yaml

CATALOG_FILE = "catalog.yaml"
_KEYS = {"id", "title", "city", "kinds", "schemes", "procedure", "also_procedures", "material", "template",
         "output", "needs", "params", "source", "optional", "verbatim"}


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: str
    city: str
    kinds: frozenset[str]
    procedures: frozenset[str]
    material: str
    template: str
    output: str
    source: str
    needs: tuple[str, ...] = ()
    schemes: frozenset[str] = frozenset()
    params: Mapping[str, Any] = field(default_factory=dict)
    optional: bool = False  # not in the city's checklist: filled by name only
    verbatim: bool = False  # the seed prints this form's layout and the template follows it
    root: Traversable | None = None  # the forms folder of its catalog (None: the shipped forms/)

    @property
    def procedure(self) -> str:
        return sorted(self.procedures)[0]

    def template_file(self) -> Traversable:
        return (self.root or forms_dir()).joinpath(*self.template.split("/"))

    def applies_to(self, kind: str | None, scheme: str | None) -> bool:
        return ((kind is None or kind in self.kinds)
                and (not self.schemes or scheme is None or scheme in self.schemes))


def load_catalog() -> tuple[FormSpec, ...]:
    """Every form of forms/catalog.yaml and of the extra folders' forms/catalog.yaml
    (DINGDIAN_EXTRA_DATA); TemplateError naming the entry when one is malformed."""
    return _load_catalog(extra_dirs())


@lru_cache(maxsize=4)
def _load_catalog(extras: tuple[Path, ...]) -> tuple[FormSpec, ...]:
    roots = [None, *(extra / "forms" for extra in extras if (extra / "forms" / CATALOG_FILE).is_file())]
    specs = tuple(_spec(entry, index, root) for root in roots
                  for index, entry in enumerate(_read(root).get("forms") or [], 1))
    ids = [spec.id for spec in specs]
    duplicates = sorted({form_id for form_id in ids if ids.count(form_id) > 1})
    if duplicates:
        raise TemplateError(t("forms_duplicate_ids", path=CATALOG_FILE, ids=", ".join(duplicates)))
    return specs


def get_form(form_id: str) -> FormSpec:
    for spec in load_catalog():
        if spec.id == form_id:
            return spec
    known = ", ".join(spec.id for spec in load_catalog())
    raise UsageError(t("form_unknown", form=repr(form_id), known=known))


def forms_for(city: str | None = None, kind: str | None = None, scheme: str | None = None,
              procedure: str | None = None) -> list[FormSpec]:
    return [spec for spec in load_catalog()
            if (city is None or spec.city == city) and spec.applies_to(kind, scheme)
            and (procedure is None or procedure in spec.procedures)]


def form_for_material(city: str, material: str, kind: str, scheme: str | None,
                      procedure: str) -> FormSpec | None:
    """The form that satisfies a checklist material (None: it comes from scans)."""
    matches = [spec for spec in forms_for(city, kind, scheme, procedure)
               if spec.material == material and not spec.optional]
    return matches[0] if matches else None


def _read(root: Path | None) -> dict[str, Any]:
    return load_yaml((root or forms_dir()).joinpath(CATALOG_FILE).read_text(encoding="utf-8")) or {}


def _spec(entry: Any, index: int, root: Path | None = None) -> FormSpec:
    where = f"{CATALOG_FILE} form #{index}"
    if not isinstance(entry, Mapping):
        raise TemplateError(t("data_not_mapping", where=where))
    where = f"{CATALOG_FILE} form {entry.get('id', '#' + str(index))!r}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise TemplateError(t("data_unknown_keys", where=where, keys=", ".join(unknown)))
    missing = [key for key in ("id", "title", "city", "kinds", "procedure", "material", "template", "output",
                               "source") if not entry.get(key)]
    if missing:
        raise TemplateError(t("data_missing_keys", where=where, keys=", ".join(missing)))
    return FormSpec(id=entry["id"], title=entry["title"], city=entry["city"], kinds=frozenset(entry["kinds"]),
                    procedures=frozenset([entry["procedure"], *entry.get("also_procedures", [])]),
                    material=entry["material"], template=entry["template"], output=entry["output"],
                    source=entry["source"], needs=tuple(entry.get("needs") or ()),
                    schemes=frozenset(entry.get("schemes") or ()), params=entry.get("params") or {},
                    optional=bool(entry.get("optional")), verbatim=bool(entry.get("verbatim")), root=root)


def reference_note(spec: FormSpec) -> str:
    """The small line a form whose layout the seed does not print carries under its title; empty
    for a verbatim form."""
    if spec.verbatim:
        return ""
    from validator.checklists.loader import load_checklist
    from validator.checklists.citation import readable

    seed = spec.source.split(" ")[0]
    document = readable(seed, load_checklist(spec.city).sources, official=True)
    adapted = spec.params.get("adapted_from") if isinstance(spec.params, dict) else None
    if adapted:  # the seed prints the form for the agency's own use (weihai 附件1-2 评估表)
        return (f"（自评用表：按{document}{adapted}编制，增列“自评分数”栏供申请人自评；"
                "“评估分数”及评估结论由经办机构现场评估填写）")
    return f"（参考格式：{document}列明本材料但未印制其格式，本表按其所列内容编制，以经办机构公布的格式为准）"
