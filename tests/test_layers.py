"""Dependencies point one way (issue 10): the checks' core never imports the forms package; the
shared domain (profile, calendar, deadlines) imports neither the forms nor the application layers;
and the application layers (CLI, batch, desk), which may use both, are imported by no core module."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Application layers above the core: they may import the core, the domain and the forms.
APP = ("validator.cli", "validator.desk", "validator.batch", "validator.summary", "validator.__main__")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or lazily inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _layer(module: str) -> str:
    if module.startswith(APP):
        return "app"
    if module.startswith("validator.domain"):
        return "domain"
    if module.startswith("generators"):
        return "forms"
    return "core" if module.startswith("validator") else "other"


# layer → the layers it must not import
FORBIDDEN = {"domain": {"forms", "app"}, "core": {"forms", "app"}, "forms": {"app"}}

SOURCES = sorted(p for folder in ("validator", "generators") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dependencies_point_one_way(path):
    layer = _layer(_module(path))
    wrong = sorted(name for name in _imports(path) if _layer(name) in FORBIDDEN.get(layer, set()))
    assert wrong == [], f"{layer} module {_module(path)} imports {wrong}"


def test_a_wrong_way_import_is_seen(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from generators.notice import write_notice\n", encoding="utf-8")
    assert {_layer(name) for name in _imports(sample)} >= {"forms"}


def test_the_public_api_is_the_library_itself():
    import validator
    from validator.check import run_check
    from validator.context import CheckOptions

    assert validator.run_check is run_check and validator.CheckOptions is CheckOptions
    assert set(validator.__all__) >= {"run_check", "CheckOptions", "Report", "load_checklist"}
    with pytest.raises(AttributeError):
        validator.no_such_name  # noqa: B018 - the attribute access is the test
