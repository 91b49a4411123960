"""Dependencies point one way: the checks' core never imports the forms package; the
shared domain (profile, calendar, deadlines) imports neither the forms nor the application layers;
the application layers (CLI, batch, desk), which may use both, are imported by no core module; and
inside the core each stage folder imports only the shared base modules and the stages before it
(docs/architecture.md draws the same order)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Application layers above the core: they may import the core, the domain and the forms.
APP = ("validator.cli", "validator.desk", "validator.batch", "validator.__main__")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """Imports under ``if TYPE_CHECKING:``: annotations, not a dependency at run time."""
    return {node for block in ast.walk(tree) if isinstance(block, ast.If) and isinstance(block.test, ast.Name)
            and block.test.id == "TYPE_CHECKING" for stmt in block.body for node in ast.walk(stmt)}


def _imports(path: Path) -> set[str]:
    """Every module a file imports at run time, at the top or lazily inside a function."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if node in skip:
            continue
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


# The core's stage folders in the order a package flows through them; ``check`` sits on top and runs
# the others. The modules directly in validator/ (errors, resources, cache, findings, vocabulary,
# catalogue, privacy) are the base every stage may use; they import no stage.
STAGES = ("intake", "readers", "signatures", "extract", "checklists", "domain", "rules", "report", "check")
# The one dependency against the flow, and why it is sound: a checklist's rule parameters are
# validated against each rule's own declaration, imported lazily while validating.
AGAINST_THE_FLOW = {("validator.checklists.schema", "validator.rules")}


def _stage(module: str) -> int | None:
    """A core module's place in STAGES; -1 for the base modules; None outside the core."""
    parts = module.split(".")
    if parts[0] != "validator" or _layer(module) != "core":
        return None
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return -1


def _against_the_flow(path: Path) -> list[str]:
    module = _module(path)
    own = _stage(module)
    return sorted(name for name in _imports(path)
                  if (stage := _stage(name)) is not None and stage > own and stage != -1
                  and not any(module == src and name.startswith(dst) for src, dst in AGAINST_THE_FLOW))


CORE = [path for path in SOURCES if _stage(_module(path)) is not None]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_stages_import_only_the_stages_before_them(path):
    assert _against_the_flow(path) == [], f"{_module(path)} imports a later stage"


def test_every_core_folder_is_a_stage():
    folders = {p.name for p in (ROOT / "validator").iterdir() if (p / "__init__.py").is_file()}
    assert folders - set(STAGES) == {"cli", "batch", "desk", "data"}  # the application layers and the data


def test_a_later_stage_import_is_seen(tmp_path):
    folder = tmp_path / "validator" / "intake"
    folder.mkdir(parents=True)
    sample = folder / "sample.py"
    sample.write_text("from validator.report.model import Report\nfrom validator.errors import InputError\n"
                      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from validator.check import context\n",
                      encoding="utf-8")
    imports = _imports(sample)
    assert "validator.report.model" in imports and "validator.check" not in imports
    assert _stage("validator.intake.sample") < _stage("validator.report.model")
    assert _stage("validator.errors") == -1


def test_the_public_api_is_the_library_itself():
    import validator
    from validator.check.pipeline import run_check
    from validator.rules.context import CheckOptions

    assert validator.run_check is run_check and validator.CheckOptions is CheckOptions
    assert set(validator.__all__) >= {"run_check", "CheckOptions", "Report", "load_checklist"}
    with pytest.raises(AttributeError):
        validator.no_such_name  # noqa: B018 - the attribute access is the test


def _top_level_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` a file imports when it is imported (lazy imports inside functions run later);
    ``from package import module`` is an import of the module."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {node.module})
    return found & modules


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, or []."""
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [node, nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, path + [node])):
                return found
        state[node] = 2
        return []

    return next((found for node in sorted(graph) if node not in state and (found := visit(node, []))), [])


def test_no_module_imports_itself_round_a_cycle():
    modules = {_module(path): path for path in SOURCES}
    graph = {name: _top_level_imports(path, set(modules)) - {name} for name, path in modules.items()}
    assert _cycle(graph) == []


def test_a_cycle_is_seen():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) in (["a", "b", "c", "a"],)
    assert _cycle({"a": {"b"}, "b": set()}) == []


def _all_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` a file imports, the lazy imports inside functions too (not ``if
    TYPE_CHECKING:``): a cycle closed by an import that runs later is still a cycle a reader must
    untangle. ``from package import module`` is an import of the module, not of the package."""
    names = _imports(path) & modules
    return {name for name in names if not any(other.startswith(name + ".") for other in names)}


def _graph_with_lazy_imports() -> dict[str, set[str]]:
    modules = {_module(path): path for path in SOURCES}
    return {name: {target for target in _all_imports(path, set(modules)) - {name}
                   if not any(name == src and target.startswith(dst) for src, dst in AGAINST_THE_FLOW)}
            for name, path in modules.items()}


def test_no_cycle_even_through_lazy_imports():
    """Function-level imports count: the only edge let through is AGAINST_THE_FLOW's, documented above
    and in docs/architecture.md (dropping it leaves no cycle)."""
    assert _cycle(_graph_with_lazy_imports()) == []


def test_a_lazy_cycle_is_seen(tmp_path):
    sample = tmp_path / "validator" / "a.py"
    sample.parent.mkdir()
    sample.write_text("import validator.b\ndef f():\n    from validator.a import g\n", encoding="utf-8")
    imports = _all_imports(sample, {"validator.a", "validator.b"})
    assert imports == {"validator.a", "validator.b"}
    assert _cycle({"validator.a": {"validator.b"}, "validator.b": {"validator.a"}}) != []


# Modules stay under 300 lines (docs/CONVENTIONS.md: small modules). An exception names its file and
# the most lines it may keep until it is split (it may shrink; it may not grow).
MAX_LINES = 300
OVER = {"validator/domain/profile.py": 305}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= OVER.get(path.relative_to(ROOT).as_posix(), MAX_LINES), f"{lines} lines: split it"
