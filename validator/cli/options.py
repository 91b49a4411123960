"""Options that several commands share, declared once."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from validator.cli.choices import CITY, KIND, PROCEDURE, SCHEME
from validator.cli.i18n import LANGS, lang, set_lang, t

FC = Callable[..., Any]


def iso_date(_ctx: click.Context | None, _param: click.Parameter | None, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(t("bad_date", value=value)) from error


# Option help texts live in validator/data/cli_messages.yaml (validator.cli.i18n.localize).

def city_option(function: FC) -> FC:
    return click.option("--city", type=CITY)(function)


def kind_option(function: FC) -> FC:
    return click.option("--kind", type=KIND)(function)


def scheme_option(function: FC) -> FC:
    return click.option("--scheme", type=SCHEME)(function)


def target_options(function: FC) -> FC:
    return city_option(kind_option(scheme_option(function)))


def _resolve_lang(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    """--lang given here wins; else the language settled for the run (group option, DINGDIAN_LANG, config)."""
    set_lang(value)
    return lang()


def lang_option(function: FC) -> FC:
    return click.option("--lang", type=click.Choice(LANGS), callback=_resolve_lang, is_eager=True)(function)


def as_of_option(function: FC) -> FC:
    return click.option("--as-of", "as_of", callback=iso_date, metavar="YYYY-MM-DD")(function)


def personal_data_option(function: FC) -> FC:
    return click.option("--show-personal-data", is_flag=True)(function)


def procedure_option(function: FC) -> FC:
    return click.option("--procedure", type=PROCEDURE, default="application", show_default=True)(function)


def negative_list_option(function: FC) -> FC:
    return click.option("--negative-list", type=click.Path(exists=True, dir_okay=False, path_type=Path))(function)


def no_ocr_option(function: FC) -> FC:
    return click.option("--no-ocr", is_flag=True)(function)


def waiver_options(function: FC) -> FC:
    """``--waive CODE[:MATERIAL]=REASON`` (repeatable) and ``--waivers FILE``."""
    function = click.option("--waivers", "waivers_file",
                            type=click.Path(exists=True, dir_okay=False, path_type=Path))(function)
    return click.option("--waive", "waive", multiple=True, metavar="CODE[:MATERIAL]=REASON")(function)


def collect_waivers(waive: tuple[str, ...], waivers_file: Path | None) -> tuple[Any, ...]:
    """The waivers of both options, in the order given."""
    if not waive and waivers_file is None:
        return ()
    from validator.check.waivers import load_waivers_file, parse_waiver_options
    return (*parse_waiver_options(waive), *(load_waivers_file(waivers_file) if waivers_file else []))
