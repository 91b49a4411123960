"""Packages made the way clinics make them, from benchmarks.realistic.pages (not samples.synth).

* ``scan_package``: every material scanned or photographed, named by the scanner or the phone
  (scan0001.jpg, IMG_20261120_093112.jpg), in nested folders, plus the profile.
* ``merged_zip``: one 30-page scanned PDF (every material in one scan run) in a zip made on
  Windows (GBK names, no UTF-8 flag).
* ``text_package``: forms (python-docx tables), letters, spreadsheets (openpyxl) and certificates
  as text PDFs (reportlab), in layouts of their own.
* ``scans``: single scanned files for ``dingdian extract``.
"""
from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

from PIL import Image

from benchmarks.realistic.pages import FONT, certificate, draw, form, photographed, prose

PROFILE = Path(__file__).resolve().parents[2] / "samples" / "profiles" / "taiyuan.yaml"
NAME, BOSS, PLACE = "太原市小店区济民门诊部", "郭志强", "太原市小店区长治路218号"


def documents(rng: random.Random) -> list[tuple[list[list[tuple[str, int, str]]], str | None]]:
    """(pages, seal text or None) of the materials a Taiyuan clinic sends."""
    return [
        (form(rng, "太原市医疗机构基本信息表", [("机构名称", NAME), ("地址", PLACE), ("法定代表人", BOSS),
                                            ("机构类别", "门诊部"), ("经营性质", "营利性"), ("床位数", "0"),
                                            ("联系电话", "0351-7012345")]), NAME),
        (prose(rng, "定点医疗机构诚信承诺书", 1, NAME), NAME),
        (certificate(rng, "营业执照", [("名称", NAME), ("类型", "有限责任公司"), ("住所", PLACE),
                                    ("法定代表人", BOSS), ("成立日期", "2024年10月08日")],
                     "太原市小店区市场监督管理局"), "太原市小店区市场监督管理局"),
        (certificate(rng, "医疗机构执业许可证", [("机构名称", NAME), ("地址", PLACE), ("主要负责人", BOSS),
                                            ("诊疗科目", "内科；外科；口腔科；医学影像科"),
                                            ("有效期限", "自2024年11月18日至2029年11月17日")],
                     "太原市卫生健康委员会"), "太原市卫生健康委员会"),
        (certificate(rng, "医师执业证书", [("姓名", "王建国"), ("性别", "男"), ("执业类别", "临床"),
                                        ("执业范围", "内科专业"), ("执业地点", NAME)], "太原市卫生健康委员会"), None),
        (certificate(rng, "医师执业证书", [("姓名", "李秀梅"), ("性别", "女"), ("执业类别", "口腔"),
                                        ("执业范围", "口腔专业"), ("执业地点", NAME)], "太原市卫生健康委员会"), None),
        (prose(rng, "医保管理制度", 4, NAME), None),
        (certificate(rng, "社会保险参保证明", [("单位名称", NAME), ("参保险种", "职工基本医疗保险"),
                                          ("参保人数", "12人")], "太原市医疗保险管理服务中心"), None),
        (prose(rng, "房屋租赁合同", 3, f"承租方：{NAME}"), None),
        (certificate(rng, "地理位置及布局平面图", [("位置", PLACE), ("面积", "560平方米")], NAME), None),
    ]


def _pages(rng: random.Random) -> list[Image.Image]:
    return [draw(rows, rng, seal) for pages, seal in documents(rng) for rows in pages]


def _pdf_of(images: list[Image.Image], path: Path) -> Path:
    """A PDF of JPEG pages, as scanners write them."""
    jpegs = []
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        jpegs.append(Image.open(buffer))
    jpegs[0].save(path, "PDF", save_all=True, append_images=jpegs[1:], resolution=200.0)
    return path


def scan_package(folder: Path, seed: int = 1) -> Path:
    """Scans and phone photos named by the device, in nested folders; a document of several pages
    is one PDF from the scanner's feeder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROFILE, folder / "profile.yaml")
    for index, (pages, seal) in enumerate(documents(rng), start=1):
        images = [draw(rows, rng, seal) for rows in pages]
        batch = folder / ("扫描件" if index < 6 else "扫描件/第二批")
        batch.mkdir(parents=True, exist_ok=True)
        if len(images) > 1:
            _pdf_of(images, batch / f"scan{index:04d}.pdf")
        elif index % 3 == 0:  # every third certificate photographed with a phone
            (folder / "手机拍照").mkdir(exist_ok=True)
            photographed(images[0], rng).save(folder / "手机拍照" / f"IMG_20261120_0931{index:02d}.jpg", quality=88)
        else:
            images[0].save(batch / f"scan{index:04d}.jpg", quality=80)
    return folder


def merged_pdf(path: Path, seed: int = 2, pages: int = 30) -> Path:
    """One scan run of every material as a PDF of JPEG pages (as scanners write them), ``pages`` long."""
    rng = random.Random(seed)
    images = _pages(rng)
    while len(images) < pages:  # a longer rules binder, as clinics append
        images.append(draw(prose(rng, "", 1, "")[0][2:], rng))
    return _pdf_of(images[:pages], path)


def merged_zip(path: Path, seed: int = 2) -> Path:
    """A zip from Windows' "send to compressed folder": GBK names without the UTF-8 flag."""
    pdf = merged_pdf(path.with_suffix(".pdf"), seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("申报材料/扫描全部.pdf", pdf.read_bytes()),
                           ("申报材料/profile.yaml", PROFILE.read_bytes())):
            info = zipfile.ZipInfo(name.encode("gbk").decode("cp437"), date_time=(2026, 11, 20, 9, 30, 0))
            info.create_system, info.compress_type = 0, zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    pdf.unlink()
    return path


def scans(folder: Path, seed: int = 3, count: int = 8) -> list[Path]:
    """Single scanned files named by the scanner, one page each (the first pages of the materials)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for index, (pages, seal) in enumerate(documents(rng)[:count], start=1):
        out.append(folder / f"scan{index:04d}.jpg")
        draw(pages[0], rng, seal).save(out[-1], quality=80)
    return out


def text_package(folder: Path, seed: int = 4) -> Path:
    """Forms, letters and spreadsheets as other generators write them (see benchmarks.realistic.office)."""
    from benchmarks.realistic.office import write_text_package

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROFILE, folder / "profile.yaml")
    write_text_package(folder, random.Random(seed), documents(random.Random(seed)), FONT)
    return folder


def main() -> None:
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "realistic-packages")
    scan_package(out / "scan-package")
    merged_zip(out / "merged.zip")
    scans(out / "scans")
    text_package(out / "text-package")
    print(f"written to {out}")
