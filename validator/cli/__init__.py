"""The ``dingdian`` command: a thin click layer; each command lives in its own module, imported lazily.

Help and messages are Chinese by default and English with ``--lang en`` (validator/cli/i18n.py);
every outcome leaves through :func:`main` as one line and one documented exit code (an error that
knows the next step adds it on a second line, DingdianError.hint).
"""
from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from validator import __version__
from validator.cli.i18n import install_click_translations, lang, lang_from_argv, localize, localize_error, set_lang, short_help, t
from validator.errors import DingdianError, ExitCode
from validator.privacy import mask_text

# command name -> "module:function"; modules are imported only when their command runs,
# so ``dingdian --help`` stays fast.
COMMANDS = {
    "check": "validator.cli.check_cmd:check",
    "checklist": "validator.cli.checklist_cmd:checklist",
    "extract": "validator.cli.extract_cmd:extract",
    "fill": "validator.cli.fill_cmd:fill",
    "forms": "validator.cli.forms_cmd:forms",
    "profile": "validator.cli.profile_cmd:profile",
    "deadline": "validator.cli.deadline_cmd:deadline",
    "batch": "validator.cli.batch_cmd:batch",
    "cache": "validator.cli.cache_cmd:cache",
    "serve": "validator.cli.serve_cmd:serve",
    "users": "validator.cli.serve_cmd:users",
    "desk": "validator.cli.serve_cmd:desk",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, target in COMMANDS.items() if _module_exists(target))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None or not _module_exists(target):
            return None
        module_name, attribute = target.split(":")
        return localize(getattr(import_module(module_name), attribute), name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            match = get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            hint = t("did_you_mean", match=match[0]) if match else ""
            raise click.UsageError(t("no_command", name=name, hint=hint), ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short_help(name)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section(click.core._("Commands")):
                formatter.write_dl(rows)


def _module_exists(target: str) -> bool:
    from importlib.util import find_spec
    return find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dingdian")
@click.option("-v", "--verbose", is_flag=True, expose_value=False)  # read by main() from argv, before click
@click.option("--lang", type=click.Choice(["zh", "en"]))
@click.option("--config", "config_file", metavar="FILE", expose_value=False)
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    # What main() settled applies to this run only (tests invoke cli many times in one process).
    set_lang(lang or _SETTLED.pop("lang", None) or os.environ.get("DINGDIAN_LANG", "").strip().lower() or "zh")
    ctx.default_map = _SETTLED.pop("map", None)


_SETTLED: dict[str, Any] = {}


def _settle(argv: list[str]) -> None:
    """Language and config are settled before click parses, so --help and usage errors use them."""
    from validator.cli.config import config_from_argv, default_map, load_config

    set_lang("zh")
    config = load_config(*config_from_argv(argv))
    set_lang(config.get("lang"))
    set_lang(os.environ.get("DINGDIAN_LANG", "").strip().lower() or None)
    set_lang(lang_from_argv(argv))  # a bad --lang is reported by click below
    _SETTLED.update(lang=lang(), map=default_map(config))
    localize(cli, "dingdian")
    install_click_translations()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _usage_line(error: click.ClickException) -> str:
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "dingdian"
    return f"{command}: {_one_line(error.format_message())}" + t("help_hint", command=command)


def _bad_path(error: click.ClickException) -> bool:
    """A file or folder named on the command line that is not there: the same exit 4 in every command."""
    param = getattr(error, "param", None)
    return (isinstance(error, click.BadParameter) and not isinstance(error, click.MissingParameter)
            and param is not None and isinstance(param.type, click.Path))


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the command and maps every outcome to one exit code (the process around
    it: validator/__main__.py)."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args or "--verbose" in args
    try:
        _settle(args)
        code = cli.main(args=args, prog_name="dingdian", standalone_mode=False)
    except DingdianError as error:
        click.echo(f"dingdian: {mask_text(_one_line(localize_error(str(error))))}", err=True)
        if error.hint:
            click.echo(t("error_hint", hint=mask_text(_one_line(error.hint))), err=True)
        sys.exit(int(error.exit_code))
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo(f"dingdian: {t('interrupted')}", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except _NO_ARGS_IS_HELP as error:  # `dingdian`, `dingdian cache`: the help itself (click >= 8.2)
        click.echo(error.format_message(), err=True)
        sys.exit(int(ExitCode.USAGE))
    except click.ClickException as error:
        click.echo(_usage_line(error), err=True)
        sys.exit(int(ExitCode.INPUT if _bad_path(error) else ExitCode.USAGE))
    except Exception as error:  # noqa: BLE001 - the one place that turns a bug into exit 70
        if verbose:
            raise
        detail = mask_text(_one_line(f"{type(error).__name__}: {error}"))
        click.echo(f"dingdian: {t('internal', error=detail)}", err=True)
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(int(code or 0))


localize(cli, "dingdian")
install_click_translations()
__all__ = ["COMMANDS", "cli", "main"]
