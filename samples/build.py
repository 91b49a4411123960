"""Builds the sample packages of samples/packages.yaml into samples/packages/ (or --out).

    python -m samples.build [--out DIR] [--only NAME ...]

Each package gets ``<name>.expected.json`` beside it (verdict and finding codes that a check
must give); tests/test_samples.py builds them afresh and checks them.
"""
from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generators.fill import fill_all
from validator.domain.profile import Profile, load_profile
from samples.profile_documents import documents_for, override
from samples.synth.degrade import phone_photo
from samples.synth.render import to_image, to_pdf

HERE = Path(__file__).resolve().parent
SPEC = HERE / "packages.yaml"


def load_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _profile_changes(entry: dict[str, Any]) -> dict[str, Any]:
    """The package's own variant of its profile (``profile_changes``), then any profile defects."""
    changes = dict(entry.get("profile_changes", {}))
    for defect in entry.get("defects", []):
        changes.update(defect.get("profile", {}))
    return changes


def _profile(entry: dict[str, Any]) -> Profile:
    return replace(load_profile(HERE / "profiles" / entry["profile"]), **_profile_changes(entry))


def _paper_values(entry: dict[str, Any], document_type: str) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for defect in entry.get("defects", []):
        if "values" in defect and defect["values"]["type"] == document_type:
            changed.update(defect["values"]["fields"])
    return changed


def _write_paper(certificate: Any, path: Path, form: str) -> None:
    if form == "pdf":
        to_pdf(certificate, path)
        return
    image = to_image(certificate)
    if form == "photo":
        image = phone_photo(image)
    image.save(path, quality=85)


def build_package(entry: dict[str, Any], out_dir: Path, as_of: date) -> Path:
    target = out_dir / entry["name"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    original = replace(load_profile(HERE / "profiles" / entry["profile"]), **entry.get("profile_changes", {}))
    profile = _profile(entry)
    # The institution keeps its profile with its papers (check reads city, kind and scheme from
    # it); a profile defect shows in the profile and in every form filled from it.
    _write_profile(HERE / "profiles" / entry["profile"], entry, target / "profile.yaml")
    fill_all(profile, target, today=as_of)
    for document in entry.get("documents", []):
        papers = documents_for(document["type"], original)
        changed = _paper_values(entry, document["type"])
        for number, paper in enumerate(papers, 1):
            _write_paper(override(paper, changed), target / document["name"].format(n=number), document["as"])
    for defect in entry.get("defects", []):
        _apply_file_defect(defect, target)
    expected = {"city": original.city, "kind": original.kind, "scheme": original.scheme,
                "as_of": as_of.isoformat(), **entry["expected"]}
    path = out_dir / f"{entry['name']}.expected.json"
    # Every finding a check gives is a golden that `pytest --update-golden` writes
    # (tests/test_samples.py); rebuilding the package keeps it for review.
    if path.is_file() and "findings" in json.loads(path.read_text(encoding="utf-8")):
        expected["findings"] = json.loads(path.read_text(encoding="utf-8"))["findings"]
    path.write_text(dump_expected(expected), encoding="utf-8")
    return target


def dump_expected(expected: dict[str, Any]) -> str:
    """<sample>.expected.json: indented, one finding [code, severity, material, file] a line."""
    rows = expected.get("findings")
    text = json.dumps({key: value for key, value in expected.items() if key != "findings"}, ensure_ascii=False,
                      indent=2)
    if rows is None:
        return text + "\n"
    lines = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in rows)
    listed = f"[\n{lines}\n  ]" if rows else "[]"
    return f'{text[:-2]},\n  "findings": {listed}\n}}\n'


def _write_profile(source: Path, entry: dict[str, Any], target: Path) -> None:
    changes = _profile_changes(entry)
    if not changes:
        shutil.copyfile(source, target)
        return
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(changes)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _apply_file_defect(defect: dict[str, Any], target: Path) -> None:
    if "remove" in defect:
        (target / defect["remove"]).unlink()
    elif "write" in defect:
        spec = defect["write"]
        data = bytes.fromhex(spec["bytes_hex"]) if "bytes_hex" in spec else spec["text"].encode("utf-8")
        (target / spec["name"]).write_bytes(data)


def build_all(out_dir: Path, only: list[str] | None = None) -> list[Path]:
    spec = load_spec()
    built = []
    for entry in spec["packages"]:
        if only and entry["name"] not in only:
            continue
        as_of = date.fromisoformat(str(entry.get("as_of", spec["as_of"])))
        built.append(build_package(entry, out_dir, as_of))
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "packages")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    for path in build_all(args.out, args.only):
        print(path)


if __name__ == "__main__":
    main()
