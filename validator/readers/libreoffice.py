"""The one way dingdian runs LibreOffice: ``soffice --headless --convert-to`` in a private profile.

Each run gets its own user profile folder (``-env:UserInstallation``) in a temporary folder,
so a LibreOffice the user has open, or a second conversion at the same time, cannot make
soffice exit 0 without converting (audit code-structure §7.11). The profile turns macros
off (security level "very high", macro execution disabled) before soffice starts. The run
has a timeout after which its whole process group is killed, and every promised output
is checked to exist and be non-empty; the error message carries soffice's own words.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 120.0

# registrymodifications.xcu of the private profile: no macro runs, whatever the document says.
_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_NO_MACROS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="{_SCRIPTING}"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="{_SCRIPTING}"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class ConversionError(Exception):
    """LibreOffice is missing, failed, timed out or wrote no output (a one-line message)."""


class NotInstalled(ConversionError):
    """No ``soffice`` (or ``libreoffice``) on PATH."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], target: str, out_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Converts ``files`` to ``target`` (an extension, optionally ``ext:FilterName``) into
    ``out_dir``; returns the outputs in the order of ``files``."""
    program = soffice()
    if program is None:
        raise NotInstalled("LibreOffice (soffice) is not installed")
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="dingdian-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", target, "--outdir", str(out_dir), *map(str, files)]
        returncode, stderr = _run(command, timeout)
    outputs = [Path(out_dir) / f"{Path(file).stem}.{extension}" for file in files]
    missing = [path.name for path in outputs if not path.is_file() or path.stat().st_size == 0]
    if returncode != 0 or missing:
        said = stderr.strip().splitlines()[-1][:200] if stderr.strip() else "no message"
        raise ConversionError(f"LibreOffice did not convert {', '.join(missing) or 'the files'} "
                              f"(exit {returncode}: {said})")
    return outputs


def _run(command: list[str], timeout: float) -> tuple[int, str]:
    """Runs soffice in its own process group (its launcher forks), killed whole on timeout."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise ConversionError(f"LibreOffice could not be started ({error.strerror or type(error).__name__})") from None
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ConversionError(f"LibreOffice took longer than {timeout:g} s") from None
    except BaseException:
        _kill(process)  # interrupted (Ctrl-C, the per-file time limit): leave no soffice behind
        raise
    return process.returncode, stderr.decode("utf-8", errors="replace")


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
