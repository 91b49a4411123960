"""Reading cheapest first: --fast OCRs only the scans presence depends on, and finds what reading everything finds."""
from __future__ import annotations

from datetime import date

import pytest

from samples.synth.certificates import make
from samples.synth.render import to_image
from tests.test_samples import SAMPLES, _expected
from validator.readers import ocr_pages
from validator.check import reading
from validator.extract.classify import classify, page_title as classify_page
from validator.readers.documents import Page, ReadFile, TextLine
from validator.check.pipeline import run_check
from validator.rules.context import CheckOptions
from validator.intake.package import open_package


def _outcome(report) -> dict:
    data = report.to_dict()
    return {"verdict": report.verdict, "findings": data["findings"], "materials": data["materials"],
            "target": (report.city, report.kind, report.scheme)}


@pytest.mark.slow
@pytest.mark.parametrize("package", SAMPLES, ids=[p.name for p in SAMPLES])
def test_fast_check_finds_what_reading_every_scan_finds(package, monkeypatch):
    options = CheckOptions(package=package, as_of=date.fromisoformat(_expected(package)["as_of"]), fast=True)
    lazy = run_check(options)
    monkeypatch.setattr(reading, "undecided", lambda read, documents: [p.number for p in read.pages])  # OCR every scan
    eager = run_check(options)
    assert _outcome(lazy) == _outcome(eager)
    assert lazy.stats["pages_ocr"] <= eager.stats["pages_ocr"]


def _scans(folder, names: dict[str, str]):
    folder.mkdir()
    for name, document_type in names.items():
        to_image(make(document_type, seed=len(name)), dpi=100).save(folder / name)
    return open_package(folder)


TITLE = "医疗机构执业许可证"


@pytest.fixture
def ocr_log(monkeypatch) -> list[str]:
    """Files whose pages go to OCR in full ("band:" and the page for title bands); each page and
    band reads as a titled 执业许可证 page."""
    seen: list[str] = []

    def fake(read, number, image, findings, size=(0.0, 0.0)):
        seen.append(read.file)
        return Page(number, TITLE, [TextLine(TITLE, (0, 0, 9, 9), 0.99)], "ocr", 9, 9)

    def band(number, image, titled):
        seen.append(f"band:{number}")
        return Page(number, TITLE, [TextLine(TITLE, (0, 0, 9, 9), 0.99)], ocr_pages.BAND, 9, 90)

    monkeypatch.setattr(ocr_pages, "ocr_page", fake)
    monkeypatch.setattr(ocr_pages, "band_page", band)
    return seen


def test_lazy_reading_reads_title_bands_of_scans_their_names_cannot_settle(tmp_path, ocr_log):
    package = _scans(tmp_path / "p", {"营业执照.png": "business_license", "scan0001.png": "practice_license"})
    lazy = reading.read_all(package, lazy=True)
    assert ocr_log == ["band:1"]  # scan0001.png's band shows its title: no page is OCRed in full
    found = {d.file: (d.document_type, d.classified_by) for d in lazy.documents}
    assert found == {"营业执照.png": ("business_license", "name"), "scan0001.png": ("practice_license", "content")}
    assert lazy.read_scans_of(["practice_license"]) and ocr_log == ["band:1", "scan0001.png"]  # its content asked for
    assert not lazy.read_scans_of(["practice_license"])  # read already
    assert lazy.read_scans_of(["business_license"]) and ocr_log[-1] == "营业执照.png"
    assert {d.file: d.document_type for d in lazy.documents}["营业执照.png"] == "practice_license"  # its content
    assert not lazy.read_scans()  # nothing is asked for twice


def _banded(*heads: list[str], band_height: float = 400.0) -> ReadFile:
    """A scan whose pages' bands read ``heads`` (one line a 20 px row from the top)."""
    pages = [Page(number, "\n".join(head), [TextLine(text, (0, 20 * i, 300, 20 * i + 15), 0.99)
                                            for i, text in enumerate(head)], ocr_pages.BAND, 900, band_height / 0.4)
             for number, head in enumerate(heads, start=1)]
    return ReadFile(file="scan0001.pdf", format="pdf", sha256="0" * 64, pages=pages, is_scan=True)


BODY = [f"{n}、本机构应当严格执行医疗保障政策规定" for n in range(1, 8)]


def test_a_band_with_a_title_or_a_whole_head_settles_its_page():
    read = _banded([TITLE, "机构名称：某门诊部"], BODY, BODY[:3])
    assert reading.undecided(read, classify(read)) == [3]  # three lines: the head may go on below the band
    short = _banded([TITLE], BODY, band_height=100.0)  # body lines past the band's edge may be cut
    assert reading.undecided(short, classify(short)) == [2]


def test_bands_without_any_title_leave_the_whole_scan_to_read():
    read = _banded(BODY, BODY)
    assert reading.undecided(read, classify(read)) == [1, 2]  # keywords of the whole text decide then


def test_full_reading_ocrs_every_scan_and_no_ocr_none(tmp_path, ocr_log):
    package = _scans(tmp_path / "p", {"营业执照.png": "business_license", "scan0001.png": "practice_license"})
    reading.read_all(package)
    assert sorted(ocr_log) == ["scan0001.png", "营业执照.png"]
    ocr_log.clear()
    no_ocr = reading.read_all(package, ocr=False)
    assert not no_ocr.read_scans() and ocr_log == []
    assert {d.document_type for d in no_ocr.documents} == {"business_license", "unknown"}


def test_pages_are_read_on_one_ocr_thread_and_put_in_place(tmp_path, monkeypatch):
    import threading
    import time

    from validator.readers import ocr

    threads: set[str] = set()
    at_once, running = [0], [0]

    def fake(image, key=None):
        threads.add(threading.current_thread().name)
        running[0] += 1
        at_once[0] = max(at_once[0], running[0])
        time.sleep(0.02)  # the reader hands the next page over meanwhile, and waits
        running[0] -= 1
        return [TextLine("营业执照", (0, 0, 10, 10), 0.99)], image.size

    monkeypatch.setattr(ocr, "ocr_image", fake)
    package = _scans(tmp_path / "p", {f"scan{n}.png": "business_license" for n in range(4)})
    read = reading.read_all(package)
    assert all(page.source == "ocr" and page.text == "营业执照" for r in read.read_files for page in r.pages)
    assert len(threads) == 1 and threading.current_thread().name not in threads  # not the reader's thread
    assert at_once == [1]  # one page at a time: one detection's activations in memory


def test_a_page_of_a_file_given_up_is_dropped(tmp_path, ocr_log):
    read = ReadFile(file="scan.png", format="image", sha256="0" * 64, is_scan=True)
    pages = ocr_pages.PageOcr()
    read.pages.append(pages.now(read, to_image(make("practice_license", 1), dpi=40), 1))
    read.pages.clear()  # the reader failed after handing the page over: the file is unreadable
    assert pages.finish() == [] and read.pages == [] and ocr_log == ["scan.png"]


@pytest.mark.slow
def test_a_title_band_reads_the_title_of_a_scan_and_a_continuation_page_settles_without_one():
    from PIL import Image

    page = to_image(make("business_license", seed=3), dpi=200)
    band = ocr_pages.band_page(1, page, reading.titled)
    assert classify_page(band)[0] == "business_license" and reading.settled(band)
    blank = Image.new("RGB", page.size, "white")
    assert not reading.settled(ocr_pages.band_page(2, blank, reading.titled))  # nothing in the band: read the page in full
    turned = ocr_pages.band_page(1, page.rotate(180), reading.titled)
    assert turned.lines == [] and not reading.settled(turned)  # upside down: the band says nothing


@pytest.mark.slow
def test_fast_check_of_scans_named_by_the_scanner_finds_what_the_full_check_finds(tmp_path):
    folder = tmp_path / "package"
    (folder / "扫描件").mkdir(parents=True)
    for number, document_type in enumerate(("business_license", "practice_license", "physician_certificate"), 1):
        to_image(make(document_type, seed=number), dpi=200).save(folder / "扫描件" / f"scan{number:04d}.jpg")
    options = CheckOptions(package=folder, city="taiyuan", kind="clinic", as_of=date(2026, 11, 23), fast=True)
    lazy = run_check(options)
    full = run_check(CheckOptions(package=folder, city="taiyuan", kind="clinic", as_of=date(2026, 11, 23)))
    def found(report):  # the full check's rules may find a material invalid; --fast runs no rules
        return [(m["id"], m["files"], m["copies_found"], m["status"] == "missing") for m in report.to_dict()["materials"]]

    assert found(lazy) == found(full)
    # The physician's certificate is told by its band alone; the licences are read in full only because,
    # without a profile, their fields tell whether the clinic is for-profit (a condition of the checklist).
    assert lazy.stats["pages_ocr"] == 2 and full.stats["pages_ocr"] == 3
