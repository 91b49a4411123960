"""Benchmark of reading one file in every format offices send (not a test).

    python benchmarks/formats_bench.py [--repeat 3] [--ocr]

Generates one sample per format from samples.synth (a business licence as PDF, OFD, a PDF
without ToUnicode maps, a JPEG and a HEIC photo; a sections document as .docx and, through
LibreOffice, .doc; a 30-person roster as .xlsx and .xls; an .mp4 head) and Taiyuan's complete
sample packed as zip, 7z, rar and tar.gz. Prints the median wall time of ``read_file`` per
format (OCR off unless ``--ocr``, then with an empty OCR cache each time), and of listing and
reading every file of each package, with the ratio to the same package as a folder.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from format_corpus import (archive_folder, certificate_ofd, libreoffice_convert, mp4_bytes,  # noqa: E402
                           strip_to_unicode)
from samples.synth.certificates import make  # noqa: E402
from samples.synth.office import roster_people, roster_xlsx, sections_docx  # noqa: E402
from samples.synth.render import to_image, to_pdf  # noqa: E402


def _median(action: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(repeat):
        before()
        started = perf_counter()
        action()
        times.append(perf_counter() - started)
    return statistics.median(times)


def _samples(folder: Path) -> dict[str, Path]:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    cert = make("business_license", 1)
    pdf = to_pdf(cert, folder / "licence.pdf")
    (folder / "licence.ofd").write_bytes(certificate_ofd(cert))
    (folder / "no-tounicode.pdf").write_bytes(strip_to_unicode(pdf))
    to_image(cert, dpi=200).save(folder / "photo.jpg", "JPEG")
    to_image(cert, dpi=200).save(folder / "photo.heic", "HEIF")
    sections_docx(folder / "rules.docx", "内部管理制度", ["医保管理制度", "财务管理制度", "药品和医用材料进销存管理制度"])
    roster_xlsx(folder / "roster.xlsx", roster_people(30))
    (folder / "recording.mp4").write_bytes(mp4_bytes())
    samples = {"pdf (text layer)": pdf, "ofd": folder / "licence.ofd", "docx": folder / "rules.docx",
               "xlsx (30 rows)": folder / "roster.xlsx", "mp4": folder / "recording.mp4",
               "heic photo": folder / "photo.heic", "jpeg photo": folder / "photo.jpg",
               "pdf without ToUnicode": folder / "no-tounicode.pdf"}
    if shutil.which("soffice"):
        samples["doc (LibreOffice)"] = libreoffice_convert([folder / "rules.docx"], "doc:MS Word 97")[0]
        samples["xls (30 rows, calamine child)"] = libreoffice_convert([folder / "roster.xlsx"], "xls:MS Excel 97")[0]
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ocr", action="store_true", help="read photos and broken text layers with OCR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        os.environ["DINGDIAN_CACHE_DIR"] = str(folder / "cache")
        from validator.readers import libreoffice
        from validator.intake.package import open_package
        from validator.readers import file_from_path, read_file

        clear = (lambda: shutil.rmtree(folder / "cache", ignore_errors=True)) if args.ocr else (lambda: None)
        print(f"{'format':36s} {'median ms':>10s}")
        for label, path in _samples(folder).items():
            seconds = _median(lambda: read_file(file_from_path(path), ocr=args.ocr), args.repeat, clear)
            print(f"{label:36s} {seconds * 1000:10.0f}")
        doc = folder / "rules.doc"
        if doc.exists():
            installed = libreoffice.soffice
            libreoffice.soffice = lambda: None
            seconds = _median(lambda: read_file(file_from_path(doc), ocr=False), args.repeat)
            libreoffice.soffice = installed
            print(f"{'doc (antiword text fallback)':36s} {seconds * 1000:10.0f}")
        sample = REPO / "samples" / "packages" / "taiyuan-clinic-complete"
        read_all = lambda package: [f.read_bytes() for f in open_package(package).files]  # noqa: E731
        folder_seconds = _median(lambda: read_all(sample), args.repeat)
        print(f"\n{'package (list + read every file)':36s} {'median ms':>10s} {'ratio':>7s}")
        print(f"{'folder':36s} {folder_seconds * 1000:10.0f} {1.0:7.1f}")
        for kind in ("zip", "7z", "rar", "tar.gz"):
            archive = archive_folder(sample, kind, folder / f"package.{kind}")
            seconds = _median(lambda: read_all(archive), args.repeat)
            print(f"{kind:36s} {seconds * 1000:10.0f} {seconds / folder_seconds:7.1f}")


if __name__ == "__main__":
    main()
