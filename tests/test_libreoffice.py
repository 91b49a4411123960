"""validator.readers.libreoffice: a private profile with macros off, a timeout that kills the whole
process group, outputs checked; fake soffice scripts stand in for LibreOffice (fast)."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from validator.readers import libreoffice


def _fake(tmp_path: Path, body: str, monkeypatch) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(libreoffice, "soffice", lambda: str(script))
    return script


def test_private_profile_with_macros_off_and_outputs_returned(tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    # Records its arguments and the profile it was given, then "converts" a.docx into a.pdf.
    _fake(tmp_path, f'for a in "$@"; do echo "$a"; done > {seen}\n'
                    'profile=$(echo "$1" | sed "s|-env:UserInstallation=file://||")\n'
                    f'cp "$profile/user/registrymodifications.xcu" {tmp_path}/xcu\n'
                    'for a in "$@"; do out="$a"; done\n'
                    f'echo pdf > {tmp_path}/out/a.pdf\n', monkeypatch)
    (tmp_path / "out").mkdir()
    assert libreoffice.convert([tmp_path / "a.docx"], "pdf", tmp_path / "out") == [tmp_path / "out" / "a.pdf"]
    arguments = seen.read_text(encoding="utf-8").split("\n")
    assert arguments[0].startswith("-env:UserInstallation=file:///") and "--headless" in arguments
    assert not Path(arguments[0].split("file://", 1)[1]).exists()  # the private profile is removed after
    settings = (tmp_path / "xcu").read_text(encoding="utf-8")
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3<' in settings
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in settings


def test_exit_0_without_output_is_a_failure(tmp_path, monkeypatch):
    _fake(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 0\n", monkeypatch)
    with pytest.raises(libreoffice.ConversionError) as raised:
        libreoffice.convert([tmp_path / "a.docx"], "pdf", tmp_path)
    assert "a.pdf" in str(raised.value) and "could not be loaded" in str(raised.value)


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    # A launcher that forks a child (as soffice's oosplash does) and waits.
    _fake(tmp_path, f"sleep 60 &\necho $! > {pids}\nwait\n", monkeypatch)
    with pytest.raises(libreoffice.ConversionError) as raised:
        libreoffice.convert([tmp_path / "a.docx"], "pdf", tmp_path, timeout=1)
    assert "longer than 1 s" in str(raised.value)
    assert _dead(int(pids.read_text()))


def _dead(pid: int) -> bool:
    """Gone, or a zombie waiting for init to reap it (killed all the same)."""
    import time

    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False
