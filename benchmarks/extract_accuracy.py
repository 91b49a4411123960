"""Field-extraction accuracy and OCR line recall on a corpus the reading code was not written against
(not a test; issue 21, items 6 and 8).

    python benchmarks/extract_accuracy.py                      # default: 1 document per family, ~5-10 min
    python benchmarks/extract_accuracy.py --per-family 3 --seed 7 --json figures.json
    python benchmarks/extract_accuracy.py --families licence_2019,form_table --tiers text,photo
    python benchmarks/extract_accuracy.py --no-stock           # field accuracy only (no stock RapidOCR)

The documents come from benchmarks/corpus: 13 layout families (four business-licence layouts,
three 医疗机构执业许可证, three 药品经营许可证, three application forms: a table with wrapped cells, a
letter, a spreadsheet), drawn by code that shares nothing with samples/synth, in the fonts installed
(fc-list :lang=zh), with long wrapped values, seals over text and dates in digits or Chinese numerals.
Each document is written in four tiers: text (a text PDF, or the family's own .xlsx), clean scan
(200 dpi PNG), degraded scan (skew, blur, noise, yellowed paper, JPEG 35-55) and phone photo
(perspective, uneven light, noise, JPEG 60-75). ``--seed`` picks another set of values and layouts'
details; documents are PER_FAMILY per family.

For every file, ``extract_path`` runs with an empty OCR cache and each expected field is compared
exactly (strings NFKC-normalised without blanks, lists item by item, dates ISO). Printed: the share of exact fields
per tier, per family x tier and per field x tier, then every miss (expected vs read). A document
not classified as its type misses all its fields.

OCR against stock rapidocr: on every image page, stock ``RapidOCR()`` (default settings, same
image) is run too; printed per tier are stock's lines, the share of them dingdian found (line
recall: a stock line counts when a dingdian line holds >= 80% of its characters in order) and the
share of stock's characters found, with every stock line dingdian missed; likewise on the public
RapidOCR test images in benchmarks/corpus/public (PROVENANCE.md). The last line gives the OCR
seconds of dingdian (its whole extraction) and of stock rapidocr over the same pages (cost, not a
gate: the machine's load moves both).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import unicodedata
from pathlib import Path
from time import perf_counter
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402
from benchmarks.corpus import recall  # noqa: E402

PUBLIC = REPO / "benchmarks" / "corpus" / "public"


def plain(value: Any) -> str:
    """A value as compared: NFKC (full- and half-width brackets and digits alike), no blanks."""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) and isinstance(got, str):
        return plain(expected) == plain(got)
    if isinstance(expected, list) and isinstance(got, list):
        return [plain(item) for item in expected] == [plain(item) for item in got]
    return expected == got


def dingdian_lines(path: Path) -> list[str]:
    """The lines dingdian read from the file (from the OCR cache its extraction just filled)."""
    from validator.readers import file_from_path, read_file

    read, _ = read_file(file_from_path(path))
    return [line.text for page in read.pages for line in page.lines] or [page.text for page in read.pages]


def run_file(doc: corpus.Doc, tier: str, stock: bool) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    from validator.extract import extract_path

    path = doc.files[tier]
    started = perf_counter()
    documents = extract_path(path)
    seconds = perf_counter() - started
    found = next((d for d in documents if d.document_type == doc.document_type), None)
    rows = [{"tier": tier, "family": doc.family, "file": path.name, "field": name, "expected": expected,
             "got": found.value(name) if found else None, "classified": found is not None}
            for name, expected in doc.truth.items()]
    for row in rows:
        row["ok"] = same(row["expected"], row["got"])
    if tier == "text" or not stock:
        return rows, None
    lines, stock_seconds = recall.stock_lines(path)
    page = recall.compare(lines, dingdian_lines(path))
    page.update(tier=tier, file=path.name, seconds=seconds, stock_seconds=stock_seconds)
    return rows, page


def public_pages(stock: bool) -> list[dict[str, Any]]:
    if not stock:
        return []
    from validator.extract import extract_path

    pages = []
    for path in sorted(p for p in PUBLIC.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")):
        started = perf_counter()
        extract_path(path)
        seconds = perf_counter() - started
        lines, stock_seconds = recall.stock_lines(path)
        page = recall.compare(lines, dingdian_lines(path))
        page.update(tier="public", file=path.name, seconds=seconds, stock_seconds=stock_seconds)
        pages.append(page)
    return pages


def rate(rows: list[dict[str, Any]]) -> str:
    return f"{100 * sum(r['ok'] for r in rows) / len(rows):5.1f}% ({len(rows):>3})" if rows else "    -       "


def pct(value: float | None) -> str:
    return "  -   " if value is None else f"{100 * value:5.1f}%"


def report(rows: list[dict[str, Any]], pages: list[dict[str, Any]], tiers: list[str]) -> None:
    print("EXACT FIELDS (share of expected fields read exactly; count of fields in brackets)")
    print(f"{'':<22}" + "".join(f"{tier:>16}" for tier in tiers))
    print(f"{'all families':<22}" + "".join(f"{rate([r for r in rows if r['tier'] == t]):>16}" for t in tiers))
    for key, title in (("family", "per layout family"), ("field", "per field")):
        print(f"\n{title}:")
        for value in sorted({r[key] for r in rows}):
            group = [r for r in rows if r[key] == value]
            print(f"  {value:<20}" + "".join(f"{rate([r for r in group if r['tier'] == t]):>16}" for t in tiers))
    unclassified = sorted({(r["tier"], r["file"]) for r in rows if not r["classified"]})
    print(f"\nnot classified as their type: {len(unclassified)} files " + " ".join(f for _, f in unclassified))
    print("\nmisses (tier file field: expected | read):")
    for r in rows:
        if not r["ok"] and r["classified"]:
            print(f"  {r['tier']:<13} {r['file']:<32} {r['field']:<20} {r['expected']!r} | {r['got']!r}")
    if not pages:
        return
    print("\nOCR AGAINST STOCK RapidOCR() ON THE SAME IMAGES (line recall: stock lines dingdian also found)")
    print(f"{'tier':<15}{'pages':>6}{'stock lines':>13}{'line recall':>13}{'char recall':>13}{'pages < stock':>15}")
    for tier in dict.fromkeys(p["tier"] for p in pages):
        group = [p for p in pages if p["tier"] == tier]
        lines, chars = recall.recall(group)
        below = sum(p["lines_found"] < p["stock_lines"] for p in group)
        print(f"{tier:<15}{len(group):>6}{sum(p['stock_lines'] for p in group):>13}{pct(lines):>13}{pct(chars):>13}{below:>15}")
    for p in pages:
        if p["missed"]:
            print(f"  {p['tier']:<13} {p['file']:<32} missed {len(p['missed'])}/{p['stock_lines']}: {p['missed']}")
    ours, theirs = sum(p["seconds"] for p in pages), sum(p["stock_seconds"] for p in pages)
    print(f"\nseconds over these {len(pages)} pages: dingdian extraction (OCR, empty cache) {ours:.1f}, stock "
          f"RapidOCR {theirs:.1f}, ratio {ours / theirs:.2f} (load average {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-family", type=int, default=1, help="documents per layout family")
    parser.add_argument("--families", default=",".join(corpus.FAMILIES))
    parser.add_argument("--tiers", default=",".join(corpus.TIERS))
    parser.add_argument("--seed", type=int, default=0, help="another seed gives other values and details")
    parser.add_argument("--no-stock", action="store_true", help="skip the comparison with stock RapidOCR")
    parser.add_argument("--json", type=Path, help="also write every row as JSON")
    args = parser.parse_args()
    tiers = args.tiers.split(",")
    stock = not args.no_stock
    rows: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dingdian-corpus-") as workdir:
        os.environ["DINGDIAN_CACHE_DIR"] = str(Path(workdir) / "cache")  # nothing OCRed before counts
        folder = Path(workdir) / "set"
        folder.mkdir()
        for name in args.families.split(","):
            for index in range(args.per_family):
                doc = corpus.generate(name, args.seed * 1000 + index, folder, tuple(tiers))
                for tier in tiers:
                    found, page = run_file(doc, tier, stock)
                    rows.extend(found)
                    pages.extend([page] if page else [])
        pages.extend(public_pages(stock))
    report(rows, pages, tiers)
    if args.json:
        args.json.write_text(json.dumps({"fields": rows, "ocr_pages": pages}, ensure_ascii=False, indent=1, default=str),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
