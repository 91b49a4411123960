"""Pages of documents as a clinic's scanner or phone would deliver them (PIL only).

Each document is a list of pages; a page is a list of (text, size in px at 200 dpi, where) rows,
``where`` one of "center", "left", "right" or "table" (cells separated by "|"). The wording is
typical of such documents, the people and numbers invented (not valid check digits on purpose:
speed is measured, not rules).
"""
from __future__ import annotations

import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4 = (1654, 2339)  # 200 dpi
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
Row = tuple[str, int, str]


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size, index=0)


def _clause(rng: random.Random, number: int) -> str:
    subjects = ["本机构", "各科室", "医保办公室", "收费处", "药房", "信息科"]
    verbs = ["应当严格执行", "必须按照", "负责落实", "定期检查", "如实记录"]
    objects = ["医疗保障政策规定", "诊疗规范和收费标准", "实名就医核验制度", "药品进销存台账", "费用明细上传要求"]
    return f"{number}、{rng.choice(subjects)}{rng.choice(verbs)}{rng.choice(objects)}，{rng.choice(objects)}不得弄虚作假。"


def certificate(rng: random.Random, title: str, fields: list[tuple[str, str]], issuer: str) -> list[list[Row]]:
    rows: list[Row] = [("", 60, "center"), (title, 96, "center"), ("", 40, "center")]
    rows += [(f"{label}：{value}", 40, "left") for label, value in fields]
    rows += [("", 80, "center"), (issuer, 40, "right"), ("二〇二四年十一月十八日", 38, "right")]
    return [rows]


def prose(rng: random.Random, title: str, pages: int, signature: str) -> list[list[Row]]:
    """A multi-page text: a title on the first page only, numbered clauses after it."""
    out, number = [], 1
    for index in range(pages):
        rows: list[Row] = [(title, 64, "center"), ("", 30, "left")] if index == 0 else []
        while len(rows) < 34:
            rows.append((_clause(rng, number), 34, "left"))
            number += 1
        if index == pages - 1:
            rows += [("", 40, "left"), (signature, 36, "right")]
        out.append(rows)
    return out


def form(rng: random.Random, title: str, cells: list[tuple[str, str]]) -> list[list[Row]]:
    rows: list[Row] = [(title, 60, "center"), ("填报日期：2026年11月20日", 30, "right")]
    rows += [(f"{label}|{value}", 34, "table") for label, value in cells]
    return [rows]


def draw(rows: list[Row], rng: random.Random, seal: str | None = None) -> Image.Image:
    page = Image.new("RGB", A4, (250, 249, 246))
    pen = ImageDraw.Draw(page)
    y, margin = 150, 170
    for text, size, where in rows:
        if where == "table":
            left, right = text.split("|")
            pen.rectangle((margin, y - 8, A4[0] - margin, y + size + 16), outline=(40, 40, 40), width=2)
            pen.line((margin + 420, y - 8, margin + 420, y + size + 16), fill=(40, 40, 40), width=2)
            pen.text((margin + 16, y), left, font=font(size), fill=(20, 20, 20))
            pen.text((margin + 440, y), right, font=font(size), fill=(20, 20, 20))
            y += size + 24
            continue
        width = pen.textlength(text, font=font(size)) if text else 0
        x = {"center": (A4[0] - width) / 2, "left": margin, "right": A4[0] - margin - width}[where]
        pen.text((x, y), text, font=font(size), fill=(15, 15, 15))
        y += int(size * 1.7)
    if seal:
        _seal(pen, (A4[0] - 520, y - 260), seal)
    return _scanned(page, rng)


def _seal(pen: ImageDraw.ImageDraw, at: tuple[int, int], text: str) -> None:
    x, y = at
    pen.ellipse((x, y, x + 300, y + 300), outline=(214, 40, 40), width=9)
    pen.text((x + 150, y + 150), "★", font=font(80), fill=(214, 40, 40), anchor="mm")
    pen.text((x + 150, y + 240), text[-6:], font=font(28), fill=(214, 40, 40), anchor="mm")


def _scanned(page: Image.Image, rng: random.Random) -> Image.Image:
    """A flatbed scan: a small tilt, a little blur, speckle."""
    page = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=(250, 249, 246))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pen = ImageDraw.Draw(page)
    for _ in range(400):
        x, y = rng.randrange(A4[0]), rng.randrange(A4[1])
        pen.point((x, y), fill=(rng.randrange(120, 200),) * 3)
    return page


def photographed(page: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of the page: on a desk, in perspective, unevenly lit, 4032x3024 as phones take them."""
    canvas = Image.new("RGB", (3024, 4032), (92, 70, 52))
    shrink = page.resize((2500, int(2500 * page.height / page.width)))
    skew = [rng.uniform(-60, 60) for _ in range(8)]
    width, height = shrink.size
    quad = (skew[0], skew[1], skew[2], height + skew[3], width + skew[4], height + skew[5], width + skew[6], skew[7])
    warped = shrink.transform(shrink.size, Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=(92, 70, 52))
    canvas.paste(warped, (260, 300))
    shade = Image.linear_gradient("L").resize(canvas.size).point(lambda v: 200 + v // 5)
    return Image.composite(canvas, Image.new("RGB", canvas.size, (0, 0, 0)), shade)
