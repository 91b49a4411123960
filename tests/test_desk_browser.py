"""The window's day in a real headless Chromium (Debian's chromium + chromium-driver, via Selenium):
receive a package, watch the check, read the verdict, issue and download the notice, take the
supplement, see what it fixed, accept."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from docx import Document
from PIL import Image, ImageStat

from test_desk_support import Server, sample_zip

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file() or not DRIVER.is_file(),
                       reason="chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"),
]


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1280,1600",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "downloads"),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "data").start()
    yield running
    running.stop()


def wait_for(condition, timeout: float = 180, message: str = "condition"):
    """Polls ``condition``; an element that went stale (the page reloaded under it) is "not yet"."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = condition()
        except StaleElementReferenceException:
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def element(driver, css: str):
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else None


def test_receive_check_notify_supplement_accept(browser, server, tmp_path):
    try:
        window_day(browser, server, tmp_path)
    except Exception as error:  # noqa: BLE001 - re-raised with the page the browser was on
        page = browser.find_element("tag name", "body").text[:1500]
        raise AssertionError(f"{error!r} at {browser.current_url}:\n{page}") from error


def window_day(browser, server, tmp_path) -> None:
    first, second = tmp_path / "申报材料.zip", tmp_path / "补正材料.zip"
    first.write_bytes(sample_zip("yangzhou-pharmacy-defective"))
    second.write_bytes(sample_zip("yangzhou-pharmacy-complete"))

    browser.get(server.url + "/")
    assert "受理登记簿" in browser.title
    element(browser, "#package").send_keys(str(first))
    element(browser, "#submit-case").click()
    wait_for(lambda: "/cases/" in browser.current_url, message="the case page")
    states = set()
    verdict = wait_for(lambda: states.add(getattr(element(browser, "#check-state"), "text", "")) or
                       element(browser, "#verdict"), message="the verdict")
    assert states & {"排队待审", "正在审核", "审核完成"}  # the page showed the check's state
    assert "材料不全或有误" in verdict.text
    assert "缺少" in element(browser, "#materials").text or "有误" in element(browser, "#materials").text
    assert element(browser, "#findings .finding.error") is not None
    browser.save_screenshot(str(tmp_path / "case.png"))

    element(browser, "#issue-notice").click()
    link = wait_for(lambda: element(browser, "a.notice-link"), message="the notice link")
    assert "第0001号" in link.text
    assert "已告知补正" in element(browser, "#case-status").text
    link.click()
    downloaded = wait_for(lambda: [p for p in (tmp_path / "downloads").glob("*.docx")]
                          if (tmp_path / "downloads").is_dir() else None, message="the download")
    text = "\n".join(p.text for p in Document(downloaded[0]).paragraphs)
    assert "一次性告知书" in text

    element(browser, "#supplement-file").send_keys(str(second))
    element(browser, "#upload-supplement").click()
    wait_for(lambda: "已补正" in getattr(element(browser, "#case-status"), "text", ""), message="the supplement")
    diff = wait_for(lambda: element(browser, "#diff"), message="the difference")
    assert len(element(browser, "#diff-fixed").find_elements("css selector", "li")) >= 1
    assert "已补正" in diff.text and "仍未解决" in diff.text and "新出现" in diff.text
    browser.save_screenshot(str(tmp_path / "supplemented.png"))

    element(browser, "#issue-notice").click()  # the supplement is complete: accept
    wait_for(lambda: "已受理" in getattr(element(browser, "#case-status"), "text", ""), message="the acceptance")
    assert "第0002号" in browser.find_elements("css selector", "a.notice-link")[-1].text
    assert element(browser, "#supplement") is None and element(browser, "#issue-notice") is None

    browser.get(server.url + "/")
    assert "yangzhou" not in element(browser, "#register").text  # titles, not ids
    assert "扬州市" in element(browser, "#register").text
    browser.save_screenshot(str(tmp_path / "register.png"))
    for shot in ("case.png", "supplemented.png", "register.png"):
        with Image.open(tmp_path / shot) as image:
            assert ImageStat.Stat(image.convert("L")).stddev[0] > 10
