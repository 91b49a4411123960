"""Exit codes and the exceptions that carry them (one handler in the CLI maps them)."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    CHECKLIST = 3
    INPUT = 4
    TEMPLATE = 5
    OUTPUT = 6
    INTERNAL = 70
    INTERRUPTED = 130


class DingdianError(Exception):
    """An error the user can act on: a one-line message and an exit code, and where a next step
    helps, a one-line ``hint`` in the run's language (validator.catalogue.t) that the CLI prints
    under the message (OCRmyPDF's model: the exception says how to fix it).

    Raise it with a catalogue message, ``InputError(t("no_such_folder", root=root))``: the error then
    carries the message's ``key`` and ``values`` (validator.catalogue.Said), the run's language says
    it, and ``validator.catalogue.say_again`` says it in another. ``tests/test_error_catalogue.py``
    walks every raise site; English written in code is allowed only where its allow-list says."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key: str | None = getattr(message, "key", None)  # set when the message came from the catalogue
        self.values: dict = getattr(message, "values", {})


class UsageError(DingdianError):
    exit_code = ExitCode.USAGE


class ChecklistError(DingdianError):
    exit_code = ExitCode.CHECKLIST


class InputError(DingdianError):
    exit_code = ExitCode.INPUT


class TemplateError(DingdianError):
    exit_code = ExitCode.TEMPLATE


class OutputError(DingdianError):
    exit_code = ExitCode.OUTPUT
