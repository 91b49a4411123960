"""The CLI's message catalogue is complete: every command and option has its help in Chinese and English,
every message both languages, every example a real command line of the command it illustrates.
A new command or option fails here until validator/data/cli_messages.yaml says what it does."""
from __future__ import annotations

import string

import click
import pytest

from validator.cli import COMMANDS, LazyGroup, cli
from validator.cli.i18n import catalogue, option_help, set_lang

CTX = click.Context(cli)


def commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in sorted(COMMANDS):
        command = LazyGroup.get_command(cli, CTX, name)
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", command.commands[sub]) for sub in sorted(command.commands)]
    return found


@pytest.mark.parametrize("name, command", commands(), ids=[name for name, _ in commands()])
def test_every_command_and_option_is_described_in_both_languages(name, command):
    entry = catalogue()["commands"].get(name)
    assert entry, f"add commands.{name!r} to validator/data/cli_messages.yaml"
    assert entry["help"]["zh"] and entry["help"]["en"]
    assert len(entry["examples"]) >= (1 if " " in name else 2)  # real command lines, shown at the end of --help
    if " " not in name:
        assert entry["short"]["zh"] and entry["short"]["en"]
    assert all(example["cmd"].startswith("dingdian ") and f" {name}" in example["cmd"] and example["zh"]
               and example["en"] for example in entry["examples"])
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            for lang in ("zh", "en"):
                set_lang(lang)
                assert option_help(name, param.name), f"add options.{param.name} ({name}) in {lang}"
    set_lang("zh")


def test_every_message_has_both_languages_with_the_same_fields():
    for key, entry in catalogue()["messages"].items():
        fields = [{field for _, field, _, _ in string.Formatter().parse(entry[lang]) if field} for lang in ("zh", "en")]
        assert fields[0] == fields[1], key


def test_the_group_has_examples_and_every_alias_names_a_known_id():
    from validator.vocabulary import vocabulary
    from validator.domain.deadlines import EVENTS

    assert catalogue()["commands"]["dingdian"]["examples"]
    from validator.report.messages import AUDIENCES

    known = {**{section: set(vocabulary()[section]) for section in ("institution_kinds", "schemes", "procedures")},
             "events": set(EVENTS), "audiences": set(AUDIENCES)}
    for section, aliases in catalogue()["aliases"].items():
        assert set(aliases) <= known[section], section


def test_every_error_pattern_compiles_and_says_only_what_it_matched():
    import re

    for entry in catalogue()["errors"]:
        groups = set(re.compile(entry["en"]).groupindex)
        fields = {field for _, field, _, _ in string.Formatter().parse(entry["zh"]) if field}
        assert fields <= groups, entry["en"]


def test_library_errors_are_said_in_chinese_and_left_alone_in_english():
    from validator.cli.i18n import localize_error

    message = "/tmp/x does not look like a dingdian cache (no CACHEDIR.TAG); not removing it"
    assert localize_error(message) == "/tmp/x 看起来不是 dingdian 的缓存（没有 CACHEDIR.TAG），不予删除"
    assert localize_error("an English sentence nobody translated") == "an English sentence nobody translated"
    set_lang("en")
    assert localize_error(message) == message
    set_lang("zh")
