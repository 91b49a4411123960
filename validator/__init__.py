"""dingdian: check, read and fill medical-insurance designation paperwork.

The library's public API, for scripts and the application layers (CLI, batch, desk)::

    from validator import CheckOptions, run_check
    report = run_check(CheckOptions(package=Path("申报材料.zip"), city="weihai"))
    report.verdict, report.flatten("code", "file")

Names are imported on first use (PEP 562), so ``import validator`` stays cheap for ``--help``.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "run_check": "validator.check.pipeline", "CheckOptions": "validator.rules.context",
    "Report": "validator.report.model", "Finding": "validator.findings",
    "load_checklist": "validator.checklists.loader", "list_cities": "validator.checklists.loader",
    "ExitCode": "validator.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'validator' has no attribute {name!r}")
    return getattr(import_module(_API[name]), name)
