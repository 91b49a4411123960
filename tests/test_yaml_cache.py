"""Parsed YAML in the cache (validator/yaml_cache.py): the same value as parsing, parsed again
whenever the text or the parser changes, never a stored failure (that a cached run does not import
PyYAML: tests/test_checklist_schema.py)."""
from __future__ import annotations

from datetime import date

import pytest

from validator import yaml_cache
from validator.checklists.schema import parse_checklist_yaml
from validator.errors import ChecklistError
from validator.resources import checklist_files, data_file, load_yaml

CALLS: list[str] = []


def counted(text: str) -> object:
    CALLS.append(text)
    return load_yaml(text)


def other_parser(text: str) -> object:
    CALLS.append(text)
    return {"other": load_yaml(text)}


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def test_a_text_is_parsed_once_and_read_back_with_its_types():
    text = "a: 1\nb: 1.0\nc: true\nd: [x, null]\ne: {1: two}\nf: !!set {g: null}\n"
    first = yaml_cache.parsed(text, counted)
    again = yaml_cache.parsed(text, counted)
    assert CALLS == [text]
    assert repr(again) == repr(first) == repr(load_yaml(text)) and again is not first


def test_another_text_or_another_parser_parses_again():
    yaml_cache.parsed("a: 1\n", counted)
    assert yaml_cache.parsed("a: 2\n", counted) == {"a": 2}
    assert yaml_cache.parsed("a: 1\n", other_parser) == {"other": {"a": 1}}
    assert CALLS == ["a: 1\n", "a: 2\n", "a: 1\n"]


def test_the_key_changes_with_the_parsers_module_and_pyyaml(monkeypatch):
    before = yaml_cache._key("a: 1\n", counted)
    monkeypatch.setattr(yaml_cache, "installed_release", lambda *_: "pyyaml-99")
    yaml_cache._parser_stamp.cache_clear()
    try:
        assert yaml_cache._key("a: 1\n", counted) != before
    finally:
        monkeypatch.undo()
        yaml_cache._parser_stamp.cache_clear()
    assert yaml_cache._key("a: 1\n", counted) == before != yaml_cache._key("a: 1\n", load_yaml)


def test_a_value_marshal_cannot_hold_and_a_failure_are_not_stored():
    assert yaml_cache.parsed("day: 2026-11-23\n", counted) == {"day": date(2026, 11, 23)}
    assert yaml_cache.parsed("day: 2026-11-23\n", counted) == {"day": date(2026, 11, 23)}
    assert len(CALLS) == 2
    for _ in range(2):
        with pytest.raises(ChecklistError, match="第 2 行"):
            yaml_cache.parsed("a: 1\n: : :\n", parse_checklist_yaml)


def test_an_unwritable_cache_only_costs_the_parse(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(blocked))
    assert yaml_cache.parsed("a: 1\n", counted) == yaml_cache.parsed("a: 1\n", counted) == {"a": 1}
    assert len(CALLS) == 2


def test_every_shipped_file_reads_back_as_parsed():
    names = [entry.name for entry in data_file("").iterdir() if entry.name.endswith(".yaml")]
    names += [f"templates/{entry.name}" for entry in data_file("templates").iterdir() if entry.name.endswith(".yaml")]
    assert len(names) > 10
    for name in names:
        text = data_file(name).read_text(encoding="utf-8")
        yaml_cache.parsed(text, load_yaml)
        assert repr(yaml_cache.parsed(text, load_yaml)) == repr(load_yaml(text)), name
    for source in checklist_files().values():
        text = source.read_text(encoding="utf-8")
        yaml_cache.parsed(text, parse_checklist_yaml)
        assert repr(yaml_cache.parsed(text, parse_checklist_yaml)) == repr(parse_checklist_yaml(text)), source.name

