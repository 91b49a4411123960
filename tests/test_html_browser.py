"""The HTML report in a real headless Chromium (Debian's chromium package; .ci/run installs it)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from test_html import VisibleText, make_report
from validator.report.render.html import render_html

CHROMIUM = next((path for path in ("/usr/bin/chromium", shutil.which("chromium") or "",
                                   shutil.which("chromium-browser") or "") if path and Path(path).is_file()), None)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
]


def chromium(tmp_path: Path, *arguments: str, width: int = 1000) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
               f"--window-size={width},1400", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("html") / "report.html"
    page.write_text(render_html(make_report()), encoding="utf-8")
    return page


def test_screenshot_is_not_blank(report_page: Path, tmp_path: Path):
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", report_page.as_uri())
    with Image.open(shot) as image:
        grey = image.convert("L")
        assert grey.size == (1000, 1400)
        assert ImageStat.Stat(grey).stddev[0] > 10  # text, tables and a coloured verdict band
        # The verdict band (red for "incomplete") is at the top of the page.
        top = image.convert("RGB").crop((0, 0, 1000, 250))
        assert any(r > 150 and g < 80 and b < 80 for (_count, (r, g, b)) in top.getcolors(1_000_000))


def test_phone_width_screenshot(report_page: Path, tmp_path: Path):
    shot = tmp_path / "phone.png"
    chromium(tmp_path, f"--screenshot={shot}", report_page.as_uri(), width=390)
    with Image.open(shot) as image:
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 10


def test_visible_text_has_verdict_and_findings(report_page: Path, tmp_path: Path):
    dom = chromium(tmp_path, "--dump-dom", report_page.as_uri()).stdout
    text = VisibleText.of(dom)
    assert text.index("材料不全或有误，需一次性补正") < text.index("问题明细")
    for sentence in ("缺少", "预测性分析报告", "依据：太原 二(七)", "已豁免：原件已核验"):
        assert sentence in text
    assert "110101199003077777" not in text
