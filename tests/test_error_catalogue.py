"""Every user-facing error comes from the catalogue (issue 26 item 4): this walks every raise site of a
DingdianError in validator/ and generators/. A site raises ``SomeError(t("key", ...))`` (the key in
cli_messages.yaml ``messages`` or error_messages.yaml, zh and en), or it is one line of
tests/error_sites_allowed.txt: English still written in code, which the CLI translates only in part
(validator/cli/i18n.py localize_error). That list only shrinks: convert a site, delete its line."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from validator.catalogue import say_again, set_lang, t
from validator.errors import InputError
from validator.resources import load_data_yaml

REPO = Path(__file__).resolve().parent.parent
ALLOWED = REPO / "tests" / "error_sites_allowed.txt"
BASE = "DingdianError"


def modules() -> dict[str, ast.Module]:
    return {path.relative_to(REPO).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for folder in ("validator", "generators") for path in sorted((REPO / folder).rglob("*.py"))}


def error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """DingdianError and every class below it, by name."""
    classes, bases = {BASE}, {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                                    for base in node.bases}
    while True:
        more = {name for name, parents in bases.items() if parents & classes} - classes
        if not more:
            return classes
        classes |= more


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def from_catalogue(call: ast.Call) -> bool:
    message = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "message"), None)
    return isinstance(message, ast.Call) and _name(message.func) == "t"


class _Sites(ast.NodeVisitor):
    """Raise sites of the error classes, each under its innermost function."""

    def __init__(self, path: str, classes: set[str]) -> None:
        self.path, self.classes, self.owner = path, classes, ["<module>"]
        self.english: Counter = Counter()
        self.keys: set[str] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.owner.append(node.name)
        self.generic_visit(node)
        self.owner.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Raise(self, node: ast.Raise) -> None:
        if isinstance(node.exc, ast.Call) and _name(node.exc.func) in self.classes:
            if from_catalogue(node.exc):
                message = node.exc.args[0] if node.exc.args else node.exc.keywords[0].value
                if message.args and isinstance(message.args[0], ast.Constant):
                    self.keys.add(message.args[0].value)
            else:
                self.english[f"{self.path}: {self.owner[-1]}"] += 1
        self.generic_visit(node)


def sites() -> tuple[Counter, set[str]]:
    """(raise sites written in English, as 'path: function'), and the catalogue keys the others use."""
    trees = modules()
    classes = error_classes(trees)
    english: Counter = Counter()
    keys: set[str] = set()
    for path, tree in trees.items():
        visitor = _Sites(path, classes)
        visitor.visit(tree)
        english += visitor.english
        keys |= visitor.keys
    return english, keys


def allowed() -> Counter:
    lines = ALLOWED.read_text(encoding="utf-8").splitlines()
    return Counter(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def test_every_raise_site_is_said_from_the_catalogue_or_allowed():
    english, _ = sites()
    listed = allowed()
    new = {site: n for site, n in english.items() if n > listed.get(site, 0)}
    gone = {site: n for site, n in listed.items() if english.get(site, 0) < n}
    assert not new, f"raise these with t('key', ...) (error_messages.yaml), not English: {new}"
    assert not gone, f"converted: delete these lines from {ALLOWED.name} (the list only shrinks): {gone}"


def test_every_key_raised_has_chinese_and_english():
    _, keys = sites()
    messages = {**load_data_yaml("error_messages.yaml"), **load_data_yaml("cli_messages.yaml")["messages"]}
    assert keys, "no site raises from the catalogue"
    for key in sorted(keys):
        assert isinstance(messages.get(key), dict) and messages[key].get("zh") and messages[key].get("en"), key


def test_an_error_carries_its_key_and_is_said_again_in_english(tmp_path):
    from validator.batch.discovery import find_packages

    set_lang("zh")
    with pytest.raises(InputError) as raised:
        find_packages(tmp_path / "无此文件夹")
    error = raised.value
    assert error.key == "no_such_folder" and "文件夹不存在" in error.message
    assert say_again(error.message, "en").endswith(": no such folder")
    assert say_again("plain text", "en") == "plain text" and t("no_such_folder", "en", root="x") == "x: no such folder"


def test_a_message_inside_a_message_is_said_again():
    """An archive's error wraps its entry's (validator/intake/archive_formats.py): both change language."""
    set_lang("zh")
    said = t("labelled", label="a.part2.rar", message=t("archive_later_volume"))
    assert said.startswith("a.part2.rar：") and "后续分卷" in said
    assert say_again(said, "en") == "a.part2.rar: a later volume of a split rar; check its first volume"


def test_each_refusal_of_extract_is_in_the_catalogue():
    """extract names its key from the blocking finding's code (validator/extract/__init__.py)."""
    for code in ("empty_file", "unreadable_file", "encrypted_file", "unsupported_format"):
        assert "{" not in t(f"extract_{code}", "zh", reason="x") + t(f"extract_{code}", "en", reason="x")


@pytest.mark.parametrize("english", ["raise InputError(f'{x}: bad')", "raise InputError('bad')"])
def test_english_is_caught(english, tmp_path, monkeypatch):
    """The walker sees English (a near miss: a t() call elsewhere on the line does not excuse it)."""
    tree = ast.parse(f"class InputError(DingdianError):\n    pass\n\n\ndef f(x):\n    y = t('k')\n    {english}\n")
    monkeypatch.setattr(f"{__name__}.modules", lambda: {"validator/x.py": tree})
    assert sites()[0] == Counter({"validator/x.py: f": 1})


if __name__ == "__main__":  # after a merge: `python tests/test_error_catalogue.py` rewrites the list from the tree
    english, _ = sites()
    head = [line for line in ALLOWED.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    ALLOWED.write_text("\n".join(head + [site for site, n in sorted(english.items()) for _ in range(n)]) + "\n",
                       encoding="utf-8")
