"""Every command has help and a usage error exits 2 (sqlite-utils style)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from validator.cli import COMMANDS, cli


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：")
    english = CliRunner().invoke(cli, ["--lang", "en", command, "--help"])
    assert english.exit_code == 0 and english.output.startswith("Usage:")


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_unknown_option_is_a_usage_error():
    completed = subprocess.run([sys.executable, "-m", "validator", "check", "--no-such-option"],
                               capture_output=True, text=True)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr


def test_missing_package_is_an_input_error(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "validator", "check", str(tmp_path / "absent"),
                                "--city", "weihai", "--kind", "clinic", "--scheme", "pooled"],
                               capture_output=True, text=True)
    assert completed.returncode == 4, completed.stderr
    assert completed.stderr.count("\n") == 1 and "Traceback" not in completed.stderr
