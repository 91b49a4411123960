"""Choices typed as a person would: the id, its Chinese name or an alias, any case; a did-you-mean on a typo.

Cities take their names from the checklists (``recognise.names``) and the vocabulary's titles;
kinds, schemes, procedures and events from the vocabulary and ``aliases`` in cli_messages.yaml;
forms from the form catalogue's titles. Shell completion offers the ids.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import click
from click.shell_completion import CompletionItem

from validator.cli.i18n import catalogue, t


def _short(title: str) -> str:
    """"威海市（新增…）" → "威海市"; "Weihai (new …)" → "Weihai"."""
    return title.split("（")[0].split(" (")[0].strip()


def vocabulary_names(section: str) -> Callable[[], dict[str, list[str]]]:
    def names() -> dict[str, list[str]]:
        from validator.vocabulary import vocabulary
        extra = catalogue().get("aliases", {}).get(section, {})
        return {key: [_short(title), *extra.get(key, [])] for key, title in vocabulary()[section].items()}
    return names


def city_names() -> dict[str, list[str]]:
    """Each city with a checklist (shipped or added through DINGDIAN_EXTRA_DATA): the vocabulary's title
    where it has one and the checklist's ``recognise.names`` (威海, 威海市)."""
    from validator.checklists.loader import load_checklist
    from validator.resources import list_cities
    titles = vocabulary_names("cities")()
    return {city: [*titles.get(city, []), *load_checklist(city).settings.get("recognise", {}).get("names", [])]
            for city in list_cities()}


def event_names() -> dict[str, list[str]]:
    from validator.domain.deadlines import EVENTS
    extra = catalogue().get("aliases", {}).get("events", {})
    return {key: [words["zh"], *extra.get(key, [])] for key, words in EVENTS.items()}


def form_names() -> dict[str, list[str]]:
    from generators.forms_catalog import load_catalog
    return {spec.id: [spec.title] for spec in load_catalog()}


class AliasChoice(click.ParamType):
    """One id among ``names()``'s keys, typed as the id or any of its names."""

    name = "choice"

    def __init__(self, names: Callable[[], dict[str, list[str]]], metavar: str | None = None,
                 ids: Callable[[], list[str]] | None = None) -> None:
        self._names = names
        self._metavar = metavar
        self._ids = ids  # cheaper than names() when only the ids are needed (--help)

    @lru_cache(maxsize=1)  # noqa: B019 - one instance per option, for the life of the process
    def table(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for key, names in self._names().items():
            for name in (key, *names):
                if name:
                    table.setdefault(name.casefold(), key)
                    table.setdefault(name.casefold().removesuffix("市"), key)
        return table

    def ids(self) -> list[str]:
        return self._ids() if self._ids else list(self._names())

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return self._metavar or "[" + "|".join(self.ids()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in self.ids():
            return value
        found = resolve_name(str(value), self.table())
        if found is None:
            self.fail(unknown(str(value), self.ids(), self.table()), param, ctx)
        return found

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(key, help=(names[0] if names else None))
                for key, names in self._names().items() if key.startswith(incomplete)
                or any(name.startswith(incomplete) for name in names if incomplete)]


def resolve_name(value: str, table: dict[str, str]) -> str | None:
    key = value.strip().casefold()
    return table.get(key) or table.get(key.removesuffix("市"))


def unknown(value: str, ids: list[str], table: dict[str, str]) -> str:
    """"“wehai”不是可选值（可选：…）（是否要输入 weihai？）"."""
    from difflib import get_close_matches  # only when a value is not known

    match = get_close_matches(value.casefold(), list(table), n=1, cutoff=0.6)
    text = t("bad_choice", value=value, choices=", ".join(ids))
    return text + (t("did_you_mean", match=table[match[0]]) if match else "")


def _city_ids() -> list[str]:
    from validator.resources import list_cities
    return list_cities()


CITY = AliasChoice(city_names, ids=_city_ids)
KIND = AliasChoice(vocabulary_names("institution_kinds"))
SCHEME = AliasChoice(vocabulary_names("schemes"))
PROCEDURE = AliasChoice(vocabulary_names("procedures"))
EVENT = AliasChoice(event_names, metavar="EVENT")
FORM = AliasChoice(form_names, metavar="FORM")
