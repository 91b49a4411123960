from __future__ import annotations

import socket
from pathlib import Path

import pytest

from samples.synth import degrade
from samples.synth.certificates import make
from samples.synth.render import to_image
from validator.readers import ocr, ocr_seals
from validator.readers.documents import TextLine
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
def test_a_short_line_the_direction_classifier_turns_is_read_as_cut(tmp_path):
    # The principal's two characters on this upright page: the classifier calls the line upside
    # down (99.6%), and turned it read as one wrong character below rapidocr's score, then dropped.
    cert = make("clinic_record", 2003)
    path = tmp_path / "scan.png"
    to_image(cert).save(path)
    assert _expected_subset(cert, _fields(path)) == cert.expected


def test_on_an_upright_page_only_tall_lines_keep_the_classifiers_turn():
    from validator.readers import ocr_steps

    wide = [(0, 0), (200, 0), (200, 40), (0, 40)]
    tall = [(0, 0), (40, 0), (40, 200), (0, 200)]
    square = [(0, 0), (60, 0), (60, 80), (0, 80)]  # 1.33: under the 1.5 at which rapidocr turns a crop
    cut, turned = ["wide", "tall", "square"], ["wide turned", "tall turned", "square turned"]
    assert ocr_steps._as_cut(cut, turned, [wide, tall, square]) == ["wide", "tall turned", "square"]
    # votes of an upright page with one wide line called upside down: the page is not turned
    votes = [("0", 0.99), ("0", 0.98), ("180", 0.996)]
    assert ocr_steps.page_turn([wide, wide, wide], votes) == 0
    assert ocr_steps.page_turn([wide, wide, wide], [("180", 0.99)] * 3) == 180  # the whole page is


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


def _sealed_page():
    """A page with a seal's red ring (and its red text inside) and a line of red print beside it."""
    import cv2
    import numpy as np

    page = np.full((600, 800, 3), 235, dtype=np.uint8)
    cv2.circle(page, (200, 300), 150, (235, 80, 80), 12)  # the ring
    page[280:300, 120:280] = (220, 90, 90)  # the seal's own red text, inside the ring
    page[380:400, 60:340] = (120, 20, 25)  # black text under translucent seal ink
    page[380:400, 350:560] = (20, 20, 20)
    page[60:90, 450:780] = (230, 60, 60)  # a red printed title: text, not a seal
    return page


def test_seal_lines_are_recognised_by_colour_inside_a_ring_only():
    page = _sealed_page()
    boxes = ocr_seals.seal_boxes(page)
    assert len(boxes) == 1 and boxes[0][0] <= 50 and boxes[0][2] >= 350
    seal_text = [(120, 280), (280, 280), (280, 300), (120, 300)]
    under_ink = [(60, 380), (560, 380), (560, 400), (60, 400)]
    red_title = [(450, 60), (780, 60), (780, 90), (450, 90)]
    assert ocr_seals.is_seal_text(page, seal_text, boxes)
    assert not ocr_seals.is_seal_text(page, under_ink, boxes)
    assert not ocr_seals.is_seal_text(page, red_title, boxes)  # red, but outside any seal


def test_seal_ink_fades_with_its_pale_fringe_and_red_print_stays():
    import numpy as np

    page = _sealed_page()
    page[300, 44] = (236, 210, 210)  # JPEG's pale pink edge left of the ring: not red enough
    page[300, 40] = (30, 30, 30)  # black text touching the ring on its left
    page[200, 600] = (236, 210, 210)  # the same pale pink away from any seal ink: not a fringe
    faded, boxes = ocr_seals.fade_seals(page)
    assert boxes and (faded[300, 50] != page[300, 50]).all()  # the ring
    assert (faded[300, 44] != page[300, 44]).all()  # the fringe goes with the ink
    assert (faded[300, 40] == page[300, 40]).all()  # black text beside it stays as it is
    assert (faded[200, 600] == page[200, 600]).all()
    assert (faded[60:90, 450:780] == page[60:90, 450:780]).all()  # red print outside the seal
    plain = np.full((60, 200, 3), 235, dtype=np.uint8)
    assert ocr_seals.fade_seals(plain)[0] is plain  # no seal: the page as it is


def test_red_shapes_that_are_no_ring_are_no_seal():
    import cv2
    import numpy as np

    page = np.full((600, 800, 3), 235, dtype=np.uint8)
    cv2.rectangle(page, (5, 5), (795, 595), (235, 80, 80), 10)  # a red frame round the page
    cv2.circle(page, (400, 300), 100, (235, 80, 80), -1)  # a filled red disc (a banner's badge)
    page[500:530, 100:500] = (230, 60, 60)  # a red slogan
    arc = np.full((600, 800, 3), 235, dtype=np.uint8)
    cv2.ellipse(arc, (400, 300), (150, 150), 0, 0, 180, (235, 80, 80), 12)  # half a ring
    assert ocr_seals.seal_boxes(page) == [] and ocr_seals.seal_boxes(arc) == []


def test_a_seal_in_deep_red_is_a_seal_and_dark_red_ink_is_not():
    import cv2
    import numpy as np

    page = np.full((600, 800, 3), 245, dtype=np.uint8)
    cv2.circle(page, (400, 300), 150, (200, 35, 40), 10)  # deep seal red: r + g + b = 275
    dark = np.full((600, 800, 3), 245, dtype=np.uint8)
    cv2.circle(dark, (400, 300), 150, (90, 20, 20), 10)  # near black: text under ink, no seal
    assert len(ocr_seals.seal_boxes(page)) == 1 and ocr_seals.seal_boxes(dark) == []


@pytest.mark.slow
def test_text_of_ordinary_size_is_read_once():
    from PIL import Image, ImageDraw, ImageFont
    import numpy as np

    from samples.synth.fonts import cjk_font_path
    from validator.readers.ocr_steps import giant_text, run

    image = Image.new("RGB", (1200, 400), "white")
    ImageDraw.Draw(image).text((60, 150), "医疗机构执业许可证", font=ImageFont.truetype(str(cjk_font_path()), 48), fill="black")
    array = np.asarray(image)
    reading = run(ocr.engine(), array)
    assert reading[0].txts == ("医疗机构执业许可证",) and giant_text(ocr.engine(), array, reading) is reading


@pytest.mark.slow
def test_a_line_a_seal_ring_touches_is_read(tmp_path):
    # The ring touches the address's last character; faded without its pale JPEG fringe it still
    # glued to the line, and the detector lost the whole line.
    cert = make("tcm_clinic_record", 3014)
    path = tmp_path / "scan.jpg"
    degrade.degraded_scan(to_image(cert), 3014).save(path)
    assert _fields(path).get("address") == cert.expected["address"]


def test_threads_are_an_explicit_setting(monkeypatch):
    def options(engine):
        return [model.session.session.get_session_options() for model in (engine.text_det, engine.text_cls, engine.text_rec)]

    monkeypatch.setattr(ocr, "_settings", ocr.OcrSettings())
    previous = ocr.configure(threads=2)  # as a batch worker's initialiser would
    assert previous == ocr.OcrSettings() and ocr.settings() == ocr.OcrSettings(threads=2)
    assert {o.intra_op_num_threads for o in options(ocr.engine())} == {2}
    assert {o.intra_op_num_threads for o in options(ocr.engine(threads=1))} == {1}
    # onnxruntime's threads never spin waiting for work: other processes get the cores they leave
    assert {o.get_session_config_entry("session.intra_op.allow_spinning") for o in options(ocr.engine())} == {"0"}
    # the three models allocate from the process's one arena, tensor by tensor (no per-shape block)
    assert {o.get_session_config_entry("session.use_env_allocators") for o in options(ocr.engine())} == {"1"}
    assert {o.enable_mem_pattern for o in options(ocr.engine())} == {False}
    assert ocr.engine().text_det.limit_side_len == ocr.DET_SIDE and ocr.engine().text_det.limit_type == "max"
    monkeypatch.setattr(ocr.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    monkeypatch.setattr(ocr.os, "cpu_count", lambda: 2)
    assert ocr._auto_threads() == 1  # a busy machine: one thread
    monkeypatch.setattr(ocr.os, "getloadavg", lambda: (2.9, 2.9, 2.9))
    assert ocr._auto_threads() == 0  # this process and another one: a core to spare
    monkeypatch.setattr(ocr.os, "getloadavg", lambda: (3.0, 3.0, 3.0))
    assert ocr._auto_threads() == 1
    with pytest.raises(ValueError):
        ocr.configure(threads=-1)
    assert ocr.settings().threads == 2  # a refused setting changes nothing
    ocr.configure(threads=None)
    assert ocr.settings() == ocr.OcrSettings()  # automatic again


@pytest.mark.slow
def test_empty_page_gives_no_lines():
    from PIL import Image

    lines, size = ocr.ocr_image(Image.new("RGB", (400, 300), "white"))
    assert lines == [] and size == (400, 300)


class _Recogniser:
    """Stands in for rapidocr's engine at recognition: records each batch's line widths."""

    rec_image_shape = (3, 48, 320)
    rec_batch_num = 6

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def _load_rec_model(self):
        return self

    def recognize_txt(self, crops):
        from rapidocr.ch_ppocr_rec import TextRecOutput

        widths = [crop.shape[1] for crop in crops]
        self.batches.append(widths)
        return TextRecOutput(crops, tuple(f"w{w}" for w in widths), tuple(0.9 for _ in widths),
                             tuple(None for _ in widths), 0.01)


def test_detection_input_is_rapidocrs_to_the_bit():
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    detector = ocr.engine(threads=1).text_det
    page = np.asarray(degrade.degraded_scan(to_image(make("business_license", 11)), 11))
    prepared = detector.get_preprocess()
    assert type(prepared) is not DetPreProcess  # the table, not rapidocr's float64 arithmetic
    theirs = DetPreProcess(detector.limit_side_len, detector.limit_type, detector.mean, detector.std)
    ours = prepared(page)
    assert ours.dtype == np.float32 and abs(ours.shape[2] - ocr.DET_SIDE) < 32 and np.array_equal(ours, theirs(page))
    # a page that is not bytes goes rapidocr's own way, with the same result
    as_float = page.astype(np.float32)
    assert np.array_equal(prepared(as_float), theirs(as_float))
    assert prepared(np.zeros((0, 0, 3), dtype=np.uint8)) is None  # nothing to detect on, as rapidocr


def test_a_small_image_is_detected_at_rapidocrs_own_size_at_least():
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    detector = ocr.engine(threads=1).text_det
    small = np.full((430, 323, 3), 200, dtype=np.uint8)  # a phone picture of a banner
    stock = DetPreProcess(736, "min", detector.mean, detector.std)  # rapidocr's default detection
    assert detector.get_preprocess()(small).shape == stock(small).shape == (1, 3, 992, 736)
    narrow = np.full((2000, 400, 3), 200, dtype=np.uint8)  # a long strip: its short side is kept
    assert detector.get_preprocess()(narrow).shape[3] == 736


def test_recognition_batches_wider_than_the_limit_are_split_and_lines_keep_their_order():
    import numpy as np

    from validator.readers import ocr_steps

    # 48 px high lines: seven narrow ones (rapidocr's first batch of six, and one more) and five
    # of 1600 px, whose batch of six would be 9600 px wide in all.
    widths = [1600, 100, 1600, 120, 140, 1600, 160, 180, 1600, 200, 220, 1600]
    crops = [np.zeros((48, width, 3), dtype=np.uint8) for width in widths]
    engine = _Recogniser()
    result = ocr_steps._recognise_text(engine, crops)
    assert result.txts == tuple(f"w{w}" for w in widths) and len(result.scores) == len(widths)
    assert engine.batches[0] == [100, 120, 140, 160, 180, 200]  # within the width: rapidocr's own batch
    assert all(len(batch) * max(320, max(batch)) <= ocr_steps.REC_BATCH_WIDTH for batch in engine.batches)
    assert sorted(w for batch in engine.batches for w in batch) == sorted(widths)
    assert engine.batches[1:] == [[220, 1600], [1600, 1600], [1600, 1600]]  # the 2nd batch split by 2 (3840 px)


def test_the_models_are_loaded_once_per_process(monkeypatch):
    import threading
    import time
    from functools import lru_cache

    created: list[int] = []

    @lru_cache(maxsize=4)
    def slow(threads, page):
        created.append(threads)
        time.sleep(0.05)  # as long as loading the models: both threads ask meanwhile
        return object()

    monkeypatch.setattr(ocr, "_engine", slow)
    engines: list[object] = []
    workers = [threading.Thread(target=lambda: engines.append(ocr.engine(threads=1))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert created == [1] and engines[0] is engines[1]  # two OCR threads starting at once: one engine
    monkeypatch.undo()
    page, strip = ocr.engine(threads=1), ocr.engine(threads=1, page=False)
    assert strip.text_rec is page.text_rec and strip.text_cls is page.text_cls  # a seal's strip: the same models
    assert strip.text_det.session is page.text_det.session
    assert (page.text_det.limit_type, page.text_det.limit_side_len) == ("max", ocr.DET_SIDE)
    assert (strip.text_det.limit_type, strip.text_det.limit_side_len) != ("max", ocr.DET_SIDE)  # rapidocr's own


def test_onnxruntime_missing_when_the_models_load_is_ocr_unavailable(monkeypatch):
    def missing(engine, threads):
        raise ImportError("No module named 'onnxruntime'")

    monkeypatch.setattr(ocr, "load_models", missing)
    with pytest.raises(ocr.OcrUnavailable):  # a finding in the report, not exit 70
        ocr._engine.__wrapped__(1, True)


PUBLIC = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "public"  # PROVENANCE.md there


def _recall_against_stock(path: Path) -> dict:
    from PIL import Image, ImageOps

    from benchmarks.corpus import recall

    stock, _ = recall.stock_lines(path)
    with Image.open(path) as image:
        ours, _ = ocr.ocr_image(ImageOps.exif_transpose(image))
    return recall.compare(stock, [line.text for line in ours])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ch_en_num.jpg", "check_return_word_len.jpeg", "return_word_debug.jpg",
                                  "test_letterbox_like.jpg"])
def test_every_line_stock_rapidocr_reads_on_a_public_image_is_read(name):
    # ch_en_num.jpg: a banner's red print was faded as seal ink and the small image was detected
    # unscaled; 4 to 6 of its 18 lines were lost (audit real-files.md A5).
    result = _recall_against_stock(PUBLIC / name)
    assert result["stock_lines"] > 0 and result["missed"] == []


@pytest.mark.slow
def test_a_small_photo_of_a_page_reads_its_date_as_stock_rapidocr_does():
    from PIL import Image

    lines, _ = ocr.ocr_image(Image.open(PUBLIC / "check_return_word_len.jpeg"))
    assert any("2018-06-29" in line.text for line in lines)  # was 2018-96-29, detected at 476 x 368


@pytest.mark.slow
@pytest.mark.parametrize(("family", "tier"), [("licence_2019", "degraded_scan"), ("practice_classic", "photo"),
                                              ("form_table", "clean_scan")])
def test_every_line_stock_rapidocr_reads_on_a_corpus_page_is_read(tmp_path, family, tier):
    from benchmarks import corpus

    doc = corpus.generate(family, 0, tmp_path, tiers=(tier,))
    result = _recall_against_stock(doc.files[tier])
    assert result["stock_lines"] > 10 and result["missed"] == []
