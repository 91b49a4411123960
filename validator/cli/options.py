"""Options that several commands share, declared once."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from validator.resources import list_cities
from validator.vocabulary import ids

FC = Callable[..., Any]


def iso_date(_ctx: click.Context | None, _param: click.Parameter | None, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from error


class CityChoice(click.Choice):
    """The cities with a checklist, read when the option is parsed (not when the CLI is imported),
    so that a city added through DINGDIAN_EXTRA_DATA is accepted."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return list_cities()

    @choices.setter
    def choices(self, _value: Any) -> None:
        """click.Choice assigns its choices in __init__; the cities are read from the checklists instead."""


def city_option(function: FC) -> FC:
    return click.option("--city", type=CityChoice(), help="City the package applies to.")(function)


def target_options(function: FC) -> FC:
    function = click.option("--scheme", type=click.Choice(sorted(ids("schemes"))),
                            help="Designation scheme (Weihai, Shandong).")(function)
    function = click.option("--kind", type=click.Choice(sorted(ids("institution_kinds"))),
                            help="Kind of institution.")(function)
    return city_option(function)


def lang_option(function: FC) -> FC:
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Language of messages.")(function)


def as_of_option(function: FC) -> FC:
    return click.option("--as-of", "as_of", callback=iso_date, metavar="YYYY-MM-DD",
                        help="Fix 'today' for every date rule (reproducible runs).")(function)


def personal_data_option(function: FC) -> FC:
    return click.option("--show-personal-data", is_flag=True,
                        help="Show ID and phone numbers unmasked.")(function)


def procedure_option(function: FC) -> FC:
    return click.option("--procedure", type=click.Choice(sorted(ids("procedures"))), default="application",
                        show_default=True, help="Which procedure the package is for.")(function)


def negative_list_option(function: FC) -> FC:
    return click.option("--negative-list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="The agency's negative list (CSV or XLSX).")(function)


def no_ocr_option(function: FC) -> FC:
    return click.option("--no-ocr", is_flag=True,
                        help="Do not OCR scans (they are classified by name only).")(function)


def waiver_options(function: FC) -> FC:
    """``--waive CODE[:MATERIAL]=REASON`` (repeatable) and ``--waivers FILE``."""
    function = click.option("--waivers", "waivers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            help="A waivers file (YAML or CSV: code, material, file, reason, by).")(function)
    return click.option("--waive", "waive", multiple=True, metavar="CODE[:MATERIAL]=REASON",
                        help="Accept a warning with a reason (repeatable).")(function)


def collect_waivers(waive: tuple[str, ...], waivers_file: Path | None) -> tuple[Any, ...]:
    """The waivers of both options, in the order given."""
    if not waive and waivers_file is None:
        return ()
    from validator.waivers import load_waivers_file, parse_waiver_options
    return (*parse_waiver_options(waive), *(load_waivers_file(waivers_file) if waivers_file else []))
