"""The ``dingdian`` command: a thin click layer; each command lives in its own module, imported lazily."""
from __future__ import annotations

import sys
from importlib import import_module

import click

from validator import __version__
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
}

SHORT_HELP = {
    "check": "Check a package (folder or .zip) against a city's checklist.",
    "checklist": "Show what a city asks for, with the policy clause of each item.",
    "extract": "Read one document and show its type and key fields.",
    "fill": "Fill an official form (or every form of a city) from a profile.",
    "forms": "List the forms that can be filled and what each needs.",
    "profile": "Draft an institution profile from an existing package.",
    "deadline": "Compute a working-day due date on the statutory calendar.",
    "batch": "Check every package below a folder; write a summary workbook and notices.",
    "cache": "Show or clear the OCR cache.",
    "serve": "Run the intake desk: a case register in the browser, with a JSON API.",
    "users": "Add users of the intake desk, or API tokens for them.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, target in COMMANDS.items() if _module_exists(target))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None or not _module_exists(target):
            return None
        module_name, attribute = target.split(":")
        return getattr(import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP[name]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(target: str) -> bool:
    from importlib.util import find_spec
    return find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dingdian")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """dingdian (定点): medical-insurance designation paperwork — check, extract, fill."""
    ctx.obj = {"verbose": verbose}


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the command and maps every outcome to one exit code."""
    verbose = "-v" in (argv or sys.argv[1:]) or "--verbose" in (argv or sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="dingdian", standalone_mode=False)
    except DingdianError as error:
        click.echo(f"dingdian: {mask_text(str(error))}", err=True)
        sys.exit(int(error.exit_code))
    except click.exceptions.Abort:
        click.echo("dingdian: interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except KeyboardInterrupt:
        click.echo("dingdian: interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(int(ExitCode.USAGE))
    except Exception as error:  # noqa: BLE001 - the one place that turns a bug into exit 70
        if verbose:
            raise
        click.echo(f"dingdian: internal error: {type(error).__name__}: {mask_text(str(error))} "
                   "(run with -v for details)", err=True)
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(int(code or 0))
