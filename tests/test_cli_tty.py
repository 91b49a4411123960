"""On a terminal: progress on stderr and a coloured report; NO_COLOR turns the colour off; a pipe gets neither."""
from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

from validator.errors import ExitCode

PACKAGE = Path(__file__).resolve().parent.parent / "samples" / "packages" / "harbin-clinic-defective"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Runs dingdian with stdout and stderr on two pseudo-terminals; returns (status, stdout, stderr)."""
    out_parent, out_child = os.openpty()
    err_parent, err_child = os.openpty()
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "DINGDIAN_LANG")}
    environment.update({"TERM": "xterm-256color", "COLUMNS": "120", **(env or {})})
    process = subprocess.Popen([sys.executable, "-m", "validator", *args], stdin=subprocess.DEVNULL,
                               stdout=out_child, stderr=err_child, env=environment)
    os.close(out_child)
    os.close(err_child)
    chunks: dict[int, bytearray] = {out_parent: bytearray(), err_parent: bytearray()}
    open_fds = set(chunks)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        if not ready and process.poll() is not None:
            break
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                data = b""
            if data:
                chunks[fd].extend(data)
            else:
                open_fds.discard(fd)
    status = process.wait(timeout=300)
    for fd in chunks:
        os.close(fd)
    return status, chunks[out_parent].decode("utf-8", "replace"), chunks[err_parent].decode("utf-8", "replace")


def test_a_terminal_gets_progress_on_stderr_and_a_coloured_report():
    status, out, err = on_terminal("check", str(PACKAGE), "--as-of", "2026-11-23")
    assert status == ExitCode.FINDINGS
    assert "结论: 不符合申请条件" in out and COLOUR.search(out)
    assert "个文件" in err and "识别" in err  # "已读 3/10 个文件，识别 0 页，用时 1 秒"


def test_no_color_turns_the_colour_off_but_keeps_the_report():
    status, out, _ = on_terminal("check", str(PACKAGE), "--as-of", "2026-11-23", env={"NO_COLOR": "1"})
    assert status == ExitCode.FINDINGS
    assert "结论: 不符合申请条件" in out and not COLOUR.search(out)


def test_a_pipe_gets_neither_colour_nor_progress():
    completed = subprocess.run([sys.executable, "-m", "validator", "check", str(PACKAGE), "--as-of", "2026-11-23"],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == ExitCode.FINDINGS
    assert not COLOUR.search(completed.stdout) and completed.stderr == ""
