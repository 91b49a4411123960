"""Field-extraction accuracy on a generated, labelled set (not a test).

    python benchmarks/extract_accuracy.py [--per-tier 10] [--tiers text_pdf,clean_scan,degraded_scan,photo]
                                          [--timing 3] [--seed 0] [--json FILE]

For each tier it renders PER_TIER synthetic certificates (the ten license and
certificate types of samples.synth in turn, each with its own values): text PDFs,
clean 200-dpi scans (PNG), degraded scans (skew 1–3°, grey paper, a red seal over
text, noise, JPEG quality 50) and phone-photo-like images (perspective, a turn of up
to 2°, uneven light, noise, JPEG 70; samples.synth.degrade), then runs ``extract_path`` with an empty OCR cache and compares every
expected field exactly.  Prints exact-match rates per tier for ID-like fields
(USCC, 登记号, licence and certificate numbers, ID numbers, dates) and for the rest
(names, addresses, authorities …), per field, the misses, and the OCR time per page
of dingdian against bare rapidocr on the same images (medians).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from time import perf_counter
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samples.synth import degrade  # noqa: E402
from samples.synth.certificates import BUILDERS, Certificate, make  # noqa: E402
from samples.synth.render import to_image, to_pdf  # noqa: E402

ID_LIKE = frozenset({"uscc", "registration_number", "license_number", "certificate_number", "id_number",
                     "valid_from", "valid_to", "issue_date", "established_date"})
TIERS = ("text_pdf", "clean_scan", "degraded_scan", "photo")
TARGETS = {"text_pdf": (1.0, 1.0), "clean_scan": (0.99, 0.97), "degraded_scan": (0.95, 0.90), "photo": (0.95, 0.90)}


def write(tier: str, cert: Certificate, seed: int, folder: Path) -> Path:
    stem = folder / f"{tier}-{cert.document_type}-{seed}"
    if tier == "text_pdf":
        return to_pdf(cert, stem.with_suffix(".pdf"))
    image = to_image(cert)
    changes: dict[str, Callable[[Any], Any]] = {
        "clean_scan": lambda im: im,
        "degraded_scan": lambda im: degrade.degraded_scan(im, seed),
        "photo": lambda im: degrade.phone_photo(im, seed),
    }
    image = changes[tier](image)
    path = stem.with_suffix(".png" if tier == "clean_scan" else ".jpg")
    image.save(path)
    return path


def run_tier(tier: str, count: int, folder: Path, base_seed: int = 0) -> list[dict[str, Any]]:
    from validator.extract import extract_path

    types = sorted(BUILDERS)
    results = []
    for index in range(count):
        seed = base_seed + 1000 * (TIERS.index(tier) + 1) + index
        cert = make(types[index % len(types)], seed)
        path = write(tier, cert, seed, folder)
        started = perf_counter()
        documents = extract_path(path)
        seconds = perf_counter() - started
        found = {d.document_type: d for d in documents}
        document = found.get(cert.document_type)
        for name, expected in cert.expected.items():
            got = document.value(name) if document else None
            results.append({"tier": tier, "type": cert.document_type, "file": path.name, "field": name,
                            "expected": expected, "got": got, "ok": got == expected,
                            "classified": document is not None, "seconds": seconds})
    return results


def timing(count: int, folder: Path) -> dict[str, float]:
    """Seconds per page: bare rapidocr vs dingdian's OCR (orientation check, seal filter, boxes), no
    cache, as benchmarks/ocr_speed.py measures them (each engine in its own process), on COUNT clean
    and COUNT degraded scans of this set, twice each."""
    from PIL import Image

    from benchmarks.ocr_speed import measure

    images = sorted(folder.glob("clean_scan-*.png"))[:count] + sorted(folder.glob("degraded_scan-*.jpg"))[:count]
    samples = [(path.name, Image.open(path).convert("RGB")) for path in images]
    result = measure(samples, rounds=2)
    return {"pages": len(images), "bare_median": statistics.median(result["seconds"]["bare"]),
            "dingdian_median": statistics.median(result["seconds"]["dingdian"]),
            "ratio": statistics.median(result["ratios"]["wall"])}


def rate(rows: list[dict[str, Any]]) -> float | None:
    return sum(row["ok"] for row in rows) / len(rows) if rows else None


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_tier: dict[str, Any] = {}
    for tier in dict.fromkeys(row["tier"] for row in results):
        rows = [row for row in results if row["tier"] == tier]
        fields = defaultdict(list)
        for row in rows:
            fields[row["field"]].append(row)
        by_tier[tier] = {
            "documents": len({row["file"] for row in rows}),
            "classified": rate([{"ok": row["classified"]} for row in rows]),
            "id_like": rate([row for row in rows if row["field"] in ID_LIKE]),
            "other": rate([row for row in rows if row["field"] not in ID_LIKE]),
            "fields": {name: rate(group) for name, group in sorted(fields.items())},
            "median_seconds_per_document": statistics.median({row["file"]: row["seconds"] for row in rows}.values()),
            "misses": [{k: row[k] for k in ("file", "field", "expected", "got")} for row in rows if not row["ok"]],
        }
    return by_tier


def _pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{100 * value:5.1f}%"


def print_summary(by_tier: dict[str, Any], times: dict[str, float] | None) -> None:
    print(f"{'tier':<15}{'docs':>5}  {'ID-like':>7}  {'other':>7}  {'target':>13}  {'s/doc':>6}")
    for tier, data in by_tier.items():
        target = TARGETS[tier]
        print(f"{tier:<15}{data['documents']:>5}  {_pct(data['id_like']):>7}  {_pct(data['other']):>7}  "
              f"{f'{target[0]:.0%} / {target[1]:.0%}':>13}  {data['median_seconds_per_document']:6.2f}")
    names = sorted({name for data in by_tier.values() for name in data["fields"]})
    print("\nper field:" + "".join(f"{tier[:12]:>14}" for tier in by_tier))
    for name in names:
        print(f"  {name:<22}" + "".join(f"{_pct(data['fields'].get(name)):>14}" for data in by_tier.values()))
    for tier, data in by_tier.items():
        for miss in data["misses"]:
            print(f"  miss {tier}: {miss['file']} {miss['field']}: expected {miss['expected']!r} got {miss['got']!r}")
    if times:
        print(f"\nOCR per page (median of {times['pages']} pages x2): bare rapidocr {times['bare_median']:.2f} s, "
              f"dingdian {times['dingdian_median']:.2f} s, median ratio {times['ratio']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-tier", type=int, default=10)
    parser.add_argument("--tiers", default=",".join(TIERS))
    parser.add_argument("--timing", type=int, default=3, help="clean and degraded pages timed against bare rapidocr")
    parser.add_argument("--seed", type=int, default=0, help="another seed gives another set of values")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dingdian-accuracy-") as workdir:
        os.environ["DINGDIAN_CACHE_DIR"] = str(Path(workdir) / "cache")  # nothing OCRed before counts
        folder = Path(workdir) / "set"
        folder.mkdir()
        results = []
        for tier in args.tiers.split(","):
            results.extend(run_tier(tier, args.per_tier, folder, args.seed))
        by_tier = summary(results)
        times = timing(args.timing, folder) if args.timing and any(folder.glob("*.png")) else None
    print_summary(by_tier, times)
    if args.json:
        args.json.write_text(json.dumps({"tiers": by_tier, "ocr_timing": times}, ensure_ascii=False, indent=2),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
