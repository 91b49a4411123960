from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache dir, so no test reads another's OCR results."""
    monkeypatch.setenv("DINGDIAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _chinese_first():
    """Every test starts in the default language: a CLI test run with --lang en leaves the run's
    language (validator.catalogue) set, and core messages are said in it."""
    from validator.catalogue import set_lang

    set_lang("zh")


@pytest.fixture
def english():
    """The run's language set to English (what --lang en does), for a test that reads an error's English."""
    from validator.catalogue import set_lang

    set_lang("en")


def pytest_addoption(parser):
    """``pytest --update-golden`` rewrites the goldens: tests/golden/*.json from the generated forms,
    the findings in samples/packages/*.expected.json from the samples' checks."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the goldens: generated forms (tests/golden/) and the samples' findings")
