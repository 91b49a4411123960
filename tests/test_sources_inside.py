"""What the code cites lives in the repository (issue 26 item 7): the seeds with their origin, date
and SHA-256, the conventions and the spec; and every data file says where its entries come from."""
from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "docs" / "seeds"
SEPARATOR = b"# ----- original text below -----\n"
HEADER = re.compile(r"# seed: (?P<name>\S+) \((?P<city>[a-z-]+)\): .+\n# origin: .+\n# retrieved: \d{4}-\d{2}-\d{2}\n"
                    r"# sha256 of the original \(every byte below the separator line\): (?P<sha>[0-9a-f]{64})\n$")
DATA_FILES = sorted([*(REPO / "validator" / "data").glob("*.yaml"), *(REPO / "validator" / "data" / "templates").glob("*.yaml"),
                     *(REPO / "checklists").glob("*.yaml")])


def tracked_text() -> dict[str, str]:
    names = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    texts = {}
    for name in names:
        if name.endswith((".py", ".md", ".yaml", ".json", ".toml", ".txt")) and not name.startswith("docs/seeds/"):
            texts[name] = (REPO / name).read_text(encoding="utf-8", errors="replace")
    return texts


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name)
def test_a_seed_carries_its_origin_date_and_hash(seed):
    data = seed.read_bytes()
    header, found, original = data.partition(SEPARATOR)
    assert found, f"{seed.name}: no separator line {SEPARATOR!r}"
    match = HEADER.match(header.decode("utf-8"))
    assert match, f"{seed.name}: header is not the one docs/seeds/README.md shows"
    assert match["name"] == seed.name
    assert hashlib.sha256(original).hexdigest() == match["sha"], f"{seed.name}: the text is not the original"
    assert match["sha"] in (SEEDS / "README.md").read_text(encoding="utf-8")


def test_every_cited_seed_is_in_the_repository():
    cited = set()
    for path in (REPO / "checklists").glob("*.yaml"):
        cited |= set(yaml.safe_load(path.read_text(encoding="utf-8")).get("sources") or {})
    assert cited and cited <= {path.name for path in SEEDS.glob("*.txt")}


def test_the_spec_copies_are_the_originals_listed():
    listed = (REPO / "docs" / "spec" / "README.md").read_text(encoding="utf-8")
    for path in [REPO / "docs" / "CONVENTIONS.md", *sorted((REPO / "docs" / "spec").glob("*")),]:
        if path.name != "README.md":
            assert hashlib.sha256(path.read_bytes()).hexdigest() in listed, path.name


def test_citations_point_inside_the_repository():
    outside = re.compile(r"\.\./shared|/work/shared|\.\./seeds/|(?<![\w/])spec/requirements\.md|(?<![\w/])CONVENTIONS(?!\.md)"
                         r"|(?<![\w/.])CONVENTIONS\.md")
    wrong = []
    for name, text in tracked_text().items():
        if name.startswith("docs/spec/") or name in ("docs/CONVENTIONS.md", "tests/test_sources_inside.py"):
            continue  # the originals, verbatim; this test names what it looks for
        wrong += [f"{name}: {match.group()}" for match in outside.finditer(text)
                  if not (name.startswith("docs/") and match.group() == "../seeds/")]  # a link within docs/
        for cited in re.findall(r"(?<![\w/])docs/[A-Za-z0-9_./-]+\.(?:md|txt|yaml|json)", text):
            if not (REPO / cited).exists():
                wrong.append(f"{name}: {cited} does not exist")
    assert not wrong, wrong


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.relative_to(REPO).as_posix())
def test_a_data_file_says_where_its_entries_come_from(path):
    assert path.read_text(encoding="utf-8").startswith("# Source: "), \
        f"{path.relative_to(REPO)}: start it with a '# Source: ...' line (docs/seeds/README.md)"
