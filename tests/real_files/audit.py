"""Reruns the audit's commands (../shared/audits/real-files.md) on a folder of public files and
prints one JSON line per run: exit status, the one-line refusal or the findings, and the text
``read_file`` gave (the audit's own way of seeing what was read).

    python tests/real_files/audit.py FOLDER [--out runs.jsonl]

Single files: ``dingdian extract FILE --explain --format json``; archives and folders: ``dingdian check
PACKAGE --city weihai --kind clinic --scheme pooled --as-of 2026-11-23 --format json``. Not a
test (it runs OCR and LibreOffice): docs/real_files.md gives its before/after table.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ARCHIVES = (".zip", ".zipx", ".7z", ".rar", ".tar", ".tgz", ".tbz", ".z")
CHECK = ["check", "--city", "weihai", "--kind", "clinic", "--scheme", "pooled", "--as-of", "2026-11-23"]
READ = ("import json, sys; from pathlib import Path; from validator.readers import read_file, file_from_path;"
        "r, f = read_file(file_from_path(Path(sys.argv[1])));"
        "print(json.dumps({'sniff': r.format, 'text': r.text[:300], 'chars': len(r.text),"
        " 'sources': [p.source for p in r.pages], 'read_findings': [x.code for x in f]}, ensure_ascii=False))")


def run(path: Path) -> dict:
    archive = path.is_dir() or path.suffix.lower() in ARCHIVES
    command = [*CHECK[:1], str(path), *CHECK[1:]] if archive else ["extract", str(path), "--explain"]
    done = subprocess.run([sys.executable, "-m", "validator", *command, "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    result = {"file": path.name, "exit": done.returncode, "stderr": done.stderr.strip().splitlines()[:2]}
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = {}
    result["findings"] = [f"{f.get('code')}: {f.get('message')}" for f in report.get("findings", [])][:12]
    if not archive:
        result["types"] = [d["document_type"] for d in report.get("documents", [])]
        read = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=300)
        result.update(json.loads(read.stdout) if read.returncode == 0 else {"read_error": read.stderr[-300:]})
    return result


def main() -> None:
    folder = Path(sys.argv[1])
    for path in sorted(folder.iterdir()):
        if not path.name.startswith("."):
            print(json.dumps(run(path), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
