"""Reruns the audit's commands (docs/audits/real-files.md) on a folder of public files and
prints one JSON line per run: exit status, the one-line refusal or the findings, and the text
``read_file`` gave (the audit's own way of seeing what was read).

    python tests/real_files/audit.py FOLDER > runs.jsonl
    python tests/real_files/audit.py --compare before.jsonl after.jsonl   # markdown rows

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
# Findings about the package as a whole (materials missing, fields …), left out: the runs are about files.
PACKAGE_CODES = {"missing_material", "unclassified_file", "missing_section", "could_not_verify", "missing_seal",
                 "field_not_found", "blank_field", "insufficient_copies"}
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
    findings = [f for f in report.get("findings", []) if f.get("code") not in PACKAGE_CODES]
    result["findings"] = [f"{f.get('code')}: {f.get('message')}" for f in findings][:12]
    if archive:
        result["files"] = sorted({document["file"] for document in report.get("documents", [])})
    else:
        result["types"] = [d["document_type"] for d in report.get("documents", [])]
        read = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=300)
        result.update(json.loads(read.stdout) if read.returncode == 0 else {"read_error": read.stderr[-300:]})
    return result


def main() -> None:
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
        return
    folder = Path(sys.argv[1])
    for path in sorted(folder.iterdir()):
        if not path.name.startswith("."):
            print(json.dumps(run(path), ensure_ascii=False), flush=True)


def summary(run: dict) -> str:
    """One cell: the exit status, then the refusal, the findings or what was read."""
    if run["stderr"]:
        return f"{run['exit']} · {run['stderr'][0].split('/')[-1][:110]}"
    codes = sorted({finding.split(":", 1)[0] for finding in run["findings"]})
    if "chars" in run:
        text = " ".join(run.get("text", "").split())[:60]
        read = f"{run['chars']} chars {'/'.join(sorted(set(run.get('sources', [])))) or '-'} «{text}»"
        return f"{run['exit']} · {read}" + (f" · {', '.join(codes)}" if codes else "")
    files = f"{len(run.get('files', []))} files read ({', '.join(run.get('files', []))[:80]})"
    return f"{run['exit']} · {files}" + "".join(f"; {finding[:90]}" for finding in run["findings"][:4])


def compare(before_path: str, after_path: str) -> None:
    """Markdown rows: file, before, after, for the runs of two JSON-lines files."""
    before = {run["file"]: run for run in map(json.loads, open(before_path, encoding="utf-8"))}
    for run in map(json.loads, open(after_path, encoding="utf-8")):
        old = before.get(run["file"])
        cells = [summary(old) if old else "–", summary(run)]
        print(f"| {run['file']} | " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")


if __name__ == "__main__":
    main()
