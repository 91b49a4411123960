"""Regenerates everything in the repository that is generated from data, in dependency order, so a
guide (docs/guides/) ends in this one command:

1. ``python -m generators.build_templates``: the form templates (.docx/.xlsx) from forms/templates.yaml;
2. ``python -m generators.forms_docs``: forms/README.md's table of templates and variables;
3. ``python -m validator.rules.docs``: checklists/README.md's rule tables;
4. with ``--samples NAME ...``: ``python -m samples.build --only NAME ...``, the named sample packages.

``--check`` changes nothing and exits 1 when a README table is stale. What is not regenerated here,
because it needs review: the goldens (``python -m pytest --update-golden``, then read the diff).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*module: str) -> int:
    print("$ python -m " + " ".join(module), flush=True)
    return subprocess.run([sys.executable, "-m", *module], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if "--check" in argv:
        return max(run("generators.forms_docs", "--check"), run("validator.rules.docs", "--check"))
    failed = run("generators.build_templates") or run("generators.forms_docs") or run("validator.rules.docs")
    if not failed and "--samples" in argv:
        names = argv[argv.index("--samples") + 1:]
        failed = run("samples.build", "--only", *names) if names else run("samples.build")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
