"""The command line's words in Chinese or English, from one catalogue (validator/data/cli_messages.yaml).

The language is settled once per run, before click parses anything (``--lang`` anywhere on the
command line, else ``DINGDIAN_LANG``, else the config file, else Chinese), so ``--help`` and usage
errors are already in it. Help texts are looked up when a command is about to run
(:func:`localize`), never written into the command modules twice.

Other commands (``batch``) use :func:`t` for their own status lines::

    from validator.cli.i18n import t
    click.echo(t("written", what=t("what_report"), path=path), err=True)
"""
from __future__ import annotations

import re
from functools import lru_cache

import click

from validator.catalogue import LANGS, catalogue, lang, pick, set_lang, t  # noqa: F401 - the CLI's words

def exit_codes(language: str | None = None) -> str:
    return pick(catalogue()["exit_codes"], language)


def short_help(command: str) -> str:
    return pick(catalogue()["commands"].get(command, {}).get("short"))


def epilog(command: str) -> str:
    """Examples and exit codes; ``\\b`` keeps click from re-wrapping the example lines."""
    examples = catalogue()["commands"].get(command, {}).get("examples", [])
    lines = ["\b", f"{t('examples')}:"]
    for example in examples:
        lines += [f"  {example['cmd']}", f"      # {pick(example)}"]
    return "\n".join(lines) + "\n\n" + exit_codes()


def option_help(command: str, name: str | None) -> str | None:
    options = catalogue()["options"]
    entry = options.get(f"{command.split()[-1]}.{name}") or options.get(name or "")
    return pick(entry) if entry else None


def localize(command: click.Command, name: str) -> click.Command:
    """Puts the current language's help on a command (and its subcommands) and gives every
    command ``--lang`` and ``-v``, so both work before or after the subcommand."""
    entry = catalogue()["commands"].get(name, {})
    if entry.get("help"):
        command.help = pick(entry["help"])
    if entry.get("short"):
        command.short_help = pick(entry["short"])
    if entry.get("examples") or name in catalogue()["commands"]:
        command.epilog = epilog(name) if entry.get("examples") else exit_codes()
    names = {param.name for param in command.params}
    if "lang" not in names:
        command.params.append(click.Option(["--lang"], type=click.Choice(LANGS), expose_value=False,
                                           is_eager=True, callback=_lang_callback))
    if "verbose" not in names:
        command.params.append(click.Option(["-v", "--verbose"], is_flag=True, expose_value=False))
    for param in command.params:
        text = option_help(name, param.name)
        if text and isinstance(param, click.Option):
            param.help = text
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            localize(sub, f"{name} {sub_name}")
    return command


def _lang_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    set_lang(value)
    return lang()


def lang_from_argv(argv: list[str]) -> str | None:
    """``--lang en`` or ``--lang=en`` anywhere on the command line (before ``--``)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def localize_error(text: str) -> str:
    """An English one-line error from the library, said in the current language."""
    if lang() != "zh":
        return text
    for entry in catalogue()["errors"]:
        match = re.match(entry["en"], text)
        if match:
            return entry["zh"].format(**match.groupdict())
    return text


@lru_cache(maxsize=None)
def _click_words() -> dict[str, str]:
    return catalogue()["click"]


def _gettext(message: str) -> str:
    return _click_words().get(message, message) if lang() == "zh" else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


def install_click_translations() -> None:
    """click marks its own strings for gettext; its modules bind ``_`` at import, so ours is put there."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
