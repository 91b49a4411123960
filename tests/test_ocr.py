from __future__ import annotations

import socket

import pytest

from samples.synth import degrade
from samples.synth.certificates import make
from samples.synth.render import to_image
from validator import ocr
from validator.documents import TextLine
from validator.extract import extract_path
from validator.readers import file_from_path, read_file


def _fields(path) -> dict:
    [document] = extract_path(path)
    return {name: field.value for name, field in document.fields.items()}


def _expected_subset(cert, values: dict) -> dict:
    return {name: values.get(name) for name in cert.expected}


@pytest.mark.slow
def test_clean_scan_fields_exact_and_second_read_uses_the_cache(tmp_path, monkeypatch):
    cert = make("practice_license", 11)
    path = tmp_path / "scan0001.png"
    to_image(cert).save(path)
    read, findings = read_file(file_from_path(path))
    assert findings == [] and read.is_scan and read.pages[0].source == "ocr"
    assert all(line.box and 0 < line.confidence <= 1 for line in read.pages[0].lines)
    assert _expected_subset(cert, _fields(path)) == cert.expected

    def no_ocr(*_args, **_kwargs):
        raise AssertionError("OCR ran again although the page is cached")

    monkeypatch.setattr(ocr, "_recognise", no_ocr)
    assert _expected_subset(cert, _fields(path)) == cert.expected


@pytest.mark.slow
@pytest.mark.parametrize("turn", [180, 270])
def test_turned_scan_is_read_upright(tmp_path, turn):
    cert = make("physician_certificate", 12)
    path = tmp_path / "cert.jpg"
    degrade.quarter_turn(to_image(cert, dpi=150), turn).save(path, quality=90)
    assert _expected_subset(cert, _fields(path)) == cert.expected


@pytest.mark.slow
def test_exif_orientation_is_honoured(tmp_path):
    cert = make("pharmacist_certificate", 13)
    path = tmp_path / "photo.jpg"
    path.write_bytes(degrade.with_exif_orientation(to_image(cert, dpi=150), 6))
    assert _expected_subset(cert, _fields(path)) == cert.expected


@pytest.mark.slow
def test_degraded_scan_with_seal_reads_the_ids(tmp_path):
    cert = make("business_license", 14)
    path = tmp_path / "营业执照.jpg"
    degrade.degraded_scan(to_image(cert), seed=14).save(path)
    values = _fields(path)
    assert values["uscc"] == cert.expected["uscc"]
    assert values["established_date"] == cert.expected["established_date"]


@pytest.mark.slow
def test_ocr_runs_with_the_network_blocked(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    ocr._engine.cache_clear()  # the models load now, with no network
    cert = make("clinic_record", 15)
    path = tmp_path / "备案凭证.png"
    to_image(cert, dpi=150).save(path)
    assert _expected_subset(cert, _fields(path)) == cert.expected


def test_only_the_models_inside_the_wheel_are_configured():
    from pathlib import Path

    import rapidocr

    engine = ocr.engine()
    root = Path(rapidocr.__file__).parent / "models"
    assert Path(engine.cfg.Global.model_root_dir) == root
    for task in ("Det", "Cls", "Rec"):
        assert engine.cfg[task].model_path is None and engine.cfg[task].model_dir is None
    assert any(root.glob("*det*.onnx")) and any(root.glob("*rec*.onnx")) and any(root.glob("*cls*.onnx"))


def test_low_confidence_page_gives_low_scan_quality(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_image", lambda image, key=None, threads=None: (
        [TextLine("营业执照", (10, 10, 100, 40), 0.55), TextLine("名称", (10, 60, 60, 90), 0.6)], image.size))
    path = tmp_path / "blurry.png"
    to_image(make("business_license", 1), dpi=40).save(path)
    read, findings = read_file(file_from_path(path))
    assert [(f.code, f.page) for f in findings] == [("low_scan_quality", 1)]
    assert read.pages[0].confidence < ocr.LOW_CONFIDENCE


def test_missing_ocr_engine_gives_could_not_verify(tmp_path, monkeypatch):
    def unavailable(image, key=None, threads=None):
        raise ocr.OcrUnavailable("rapidocr is not installed")

    monkeypatch.setattr(ocr, "ocr_image", unavailable)
    path = tmp_path / "营业执照.png"
    to_image(make("business_license", 1), dpi=40).save(path)
    read, findings = read_file(file_from_path(path))
    assert [f.code for f in findings] == ["could_not_verify"] and read.pages[0].source == "none"


def test_seal_lines_are_recognised_by_colour():
    import numpy as np

    page = np.full((100, 400, 3), 230, dtype=np.uint8)
    page[20:40, 10:190] = (220, 90, 90)  # bright red characters of a seal
    page[60:80, 10:190] = (120, 20, 25)  # black text under translucent seal ink
    page[60:80, 200:390] = (20, 20, 20)
    red_quad = [(10, 20), (190, 20), (190, 40), (10, 40)]
    text_quad = [(10, 60), (390, 60), (390, 80), (10, 80)]
    assert ocr._is_seal(page, red_quad) and not ocr._is_seal(page, text_quad)


def test_threads_and_page_parallelism_are_explicit_settings(monkeypatch):
    from validator import ocr_pages

    monkeypatch.setattr(ocr, "_settings", ocr.OcrSettings())
    previous = ocr.configure(threads=2, parallel_pages=1)  # as a batch worker's initialiser would
    assert previous == ocr.OcrSettings() and ocr.settings() == ocr.OcrSettings(threads=2, parallel_pages=1)
    assert ocr.engine().cfg.EngineConfig.onnxruntime.intra_op_num_threads == 2
    assert ocr.engine(threads=1).cfg.EngineConfig.onnxruntime.intra_op_num_threads == 1
    assert ocr.engine().cfg.Det.limit_side_len == ocr.DET_SIDE and ocr.engine().cfg.Det.limit_type == "max"
    assert ocr_pages.parallel_pages() == 1
    monkeypatch.setattr(ocr.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    monkeypatch.setattr(ocr.os, "cpu_count", lambda: 2)
    assert ocr._auto_threads() == 1  # a busy machine: one thread
    monkeypatch.setattr(ocr.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert ocr._auto_threads() == 0  # cores to spare: onnxruntime's default, every core
    for refused in ({"threads": -1}, {"parallel_pages": 0}):
        with pytest.raises(ValueError):
            ocr.configure(**refused)
    assert ocr.settings().threads == 2  # a refused setting changes nothing


@pytest.mark.slow
def test_empty_page_gives_no_lines():
    from PIL import Image

    lines, size = ocr.ocr_image(Image.new("RGB", (400, 300), "white"))
    assert lines == [] and size == (400, 300)
