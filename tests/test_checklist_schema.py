"""The checklist validation stamp (validator/checklists/schema.py): honest about what a result
depends on, and what it saves."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from validator.checklists import schema as checklist_schema


def test_the_validation_stamp_covers_the_rule_modules(tmp_path, monkeypatch):
    """A checklist validated once is not validated again unless it, the schema, a rule module (where
    the parameters are declared), the vocabulary or jsonschema's version changes."""
    text = "city: weihai\n"
    checklist_schema._rules_digest.cache_clear()
    before = checklist_schema._stamp_digest(text)
    assert checklist_schema._stamp_digest(text) == before and checklist_schema._stamp_digest(text + " ") != before
    rules = tmp_path / "rules"
    shutil.copytree(Path(checklist_schema.__file__).parents[1] / "rules", rules)
    module = rules / "validity_dates.py"
    module.write_text(module.read_text(encoding="utf-8").replace("default=90", "default=60"), encoding="utf-8")
    monkeypatch.setattr(checklist_schema, "_rule_modules", lambda: sorted(rules.glob("*.py")))
    checklist_schema._rules_digest.cache_clear()
    try:
        assert checklist_schema._stamp_digest(text) != before
    finally:
        monkeypatch.undo()
        checklist_schema._rules_digest.cache_clear()


def test_the_stamp_names_the_installed_jsonschema_without_importlib_metadata(tmp_path, monkeypatch):
    from importlib.metadata import version

    from validator.cache import installed_release

    assert installed_release("jsonschema") == f"jsonschema-{version('jsonschema')}"
    assert installed_release("yaml", "PyYAML").lower() == f"pyyaml-{version('PyYAML')}"  # its folder: pyyaml-…
    (tmp_path / "fakepkg").mkdir()
    (tmp_path / "fakepkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "fakepkg-2.1.dist-info").mkdir()
    (tmp_path / "fakepkg-2.1.dist-info" / "METADATA").write_text("Name: fakepkg\nVersion: 2.1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed_release("fakepkg") == "fakepkg-2.1"
    (tmp_path / "fakepkg-2.0.dist-info").mkdir()  # a leftover beside it: importlib.metadata decides
    (tmp_path / "fakepkg-2.0.dist-info" / "METADATA").write_text("Name: fakepkg\nVersion: 2.0\n", encoding="utf-8")
    assert installed_release("fakepkg") == f"fakepkg-{version('fakepkg')}"


def test_a_stamped_checklist_loads_without_importing_the_rules_or_pyyaml(tmp_path):
    """The second load finds the stamp, and the checklist and the catalogue parsed (validator/yaml_cache.py)."""
    script = ("import sys; from validator.checklists.loader import load_checklist; from validator.catalogue import t; "
              "load_checklist('weihai'); t('warning'); "
              "print('validator.rules' in sys.modules, 'jsonschema' in sys.modules, 'yaml' in sys.modules)")
    env = {**os.environ, "DINGDIAN_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs == ["True True True\n", "False False False\n"]
