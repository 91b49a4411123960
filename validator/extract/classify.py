"""Which material a file (or each page range of a merged PDF) holds: by content first, name second.

The signs are data (validator/data/document_types.yaml).  A title printed at the
head of a page outweighs everything else, so a 管理制度 that cites
医疗机构执业许可证 in its body stays a 管理制度; body keywords decide only when no
page of the file carries a title; the file name decides only when the content
says nothing (a scan read without OCR, an empty page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import PurePosixPath

from validator.readers.documents import Document, Page, ReadFile
from validator.extract.normalize import squeeze
from validator.vocabulary import document_types

UNKNOWN = "unknown"
HEAD_LINES = 6  # a title sits in the first lines of a page
MIN_KEYWORDS = 3  # body keywords needed to decide without a title
_TRAILER = re.compile(r"[（(【\[].{0,6}[)）】\]]$|[：:。.，,]$")
_PREFIX = re.compile(r"^(附件\s*\d*\s*[：:.、]?|\d+\s*[.、．]\s*)")


@dataclass(frozen=True)
class Signs:
    type_id: str
    titles: tuple[str, ...]
    keywords: tuple[str, ...]
    names: tuple[str, ...]
    exclude: tuple[str, ...]
    # (title, words): the title counts only on a page that also holds one of the words
    qualified: tuple[tuple[str, tuple[str, ...]], ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()


def _signs_of(type_id: str, spec: dict) -> Signs:
    words = (tuple(squeeze(w) for w in spec.get(key, ())) for key in ("titles", "keywords", "names", "exclude"))
    qualified = tuple((squeeze(entry["title"]), tuple(squeeze(w) for w in entry["with"]))
                      for entry in spec.get("qualified_titles", ()))
    patterns = tuple(re.compile(pattern) for pattern in spec.get("title_patterns", ()))
    return Signs(type_id, *words, qualified=qualified, patterns=patterns)


@lru_cache(maxsize=1)
def signs() -> tuple[Signs, ...]:
    return tuple(_signs_of(type_id, spec) for type_id, spec in document_types().items())


@lru_cache(maxsize=1)
def _one_per_page() -> frozenset[str]:
    """Types whose every titled page is another document (one physician's certificate after another)."""
    return frozenset(type_id for type_id, spec in document_types().items()
                     if spec.get("one_per_titled_page"))


def _head(page: Page) -> list[str]:
    texts = (line.text for line in page.lines) if page.lines else page.text.splitlines()
    return list(islice((line for line in map(squeeze, texts) if len(line) > 1), HEAD_LINES))


def title_score(line: str, sign: Signs, page_text: str = "") -> int:
    """How strongly one head line reads as this type's title (0: not at all).  ``page_text`` (squeezed)
    admits the qualified titles: 专业技术资格证书 is a pharmacist's only on a page naming a 药师."""
    return _score(line, _bare(line), sign, page_text)


def _bare(line: str) -> str:
    """The line without a leading 附件1： or 1. and a trailing (副本) or colon."""
    return _TRAILER.sub("", _PREFIX.sub("", line))


def _score(line: str, bare: str, sign: Signs, page_text: str) -> int:
    if any(word in line for word in sign.exclude):
        return 0
    if any(pattern.fullmatch(bare) for pattern in sign.patterns):
        return 100 + len(bare)
    # A qualified title, confirmed by its page's words, outweighs the same title bare (a
    # 卫生专业技术资格证书 in 药学 is a pharmacist's, not a nurse's).
    titles = [(title, 0) for title in sign.titles]
    titles += [(title, 1) for title, words in sign.qualified if any(w in page_text for w in words)]
    best = 0
    for title, confirmed in titles:
        if title not in bare:
            continue
        # A title ends its line (威海市…评估表); a title inside a long sentence is prose.
        if bare.endswith(title) and len(bare) <= len(title) + 24:
            best = max(best, 100 + len(title) + confirmed)
        elif len(bare) <= len(title) + 8:
            best = max(best, 60 + len(title) + confirmed)
    return best


def page_title(page: Page) -> tuple[str, int]:
    """(type, score) of the best title among the page's head lines; (UNKNOWN, 0) without one."""
    best = (UNKNOWN, 0)
    text = squeeze(page.text)
    for line in _head(page):
        bare = _bare(line)  # once per line, not once per type
        for sign in signs():
            score = _score(line, bare, sign, text)
            if score > best[1]:
                best = (sign.type_id, score)
    return best


def keyword_type(text: str) -> str:
    """The type whose body keywords occur most (at least MIN_KEYWORDS, no tie), else UNKNOWN."""
    text = squeeze(text)
    counts = sorted(((sum(1 for word in sign.keywords if word in text), sign.type_id) for sign in signs()),
                    reverse=True)
    if counts[0][0] >= MIN_KEYWORDS and counts[0][0] > counts[1][0]:
        return counts[0][1]
    return UNKNOWN


def name_type(path: str) -> str:
    """The type named by a file name (longest matching word wins), else UNKNOWN."""
    stem = squeeze(PurePosixPath(path).stem)
    best = (0, UNKNOWN)
    for sign in signs():
        for word in sign.names:
            if word.lower() in stem.lower() and len(word) > best[0]:
                best = (len(word), sign.type_id)
    return best[1]


def format_type(file_format: str) -> str:
    """The type a file of this reader format is when nothing else tells (document_types.yaml
    ``formats``: a video is the e-prescription acceptance recording), else UNKNOWN."""
    return next((type_id for type_id, spec in document_types().items()
                 if file_format in spec.get("formats", ())), UNKNOWN)


def _segments(read: ReadFile) -> list[tuple[str, list[int]]]:
    """Consecutive pages grouped under the title that opens them; untitled pages continue the previous."""
    segments: list[tuple[str, list[int]]] = []
    for page in read.pages:
        type_id, _ = page_title(page)
        starts_new = type_id in _one_per_page() or not segments or segments[-1][0] != type_id
        if type_id != UNKNOWN and starts_new:
            segments.append((type_id, [page.number]))
        elif segments:
            segments[-1][1].append(page.number)
        else:
            segments.append((UNKNOWN, [page.number]))
    return segments


def classify(read: ReadFile) -> list[Document]:
    """The documents in one read file, each with its type and pages."""
    all_pages = tuple(page.number for page in read.pages) or (1,)
    if read.format in ("docx", "xlsx", "text"):
        # An office file is one document: its title is somewhere in the first lines of any sheet.
        titled = max((page_title(page) for page in read.pages), key=lambda found: found[1], default=(UNKNOWN, 0))
        segments = [(titled[0], list(all_pages))]
    else:
        segments = _segments(read)
    if not segments:
        segments = [(UNKNOWN, list(all_pages))]
    if len(segments) == 1 and segments[0][0] == UNKNOWN:
        by_content = keyword_type(read.text)
        if by_content != UNKNOWN:
            return [Document(read.file, by_content, all_pages, read, classified_by="content")]
        by_name = name_type(read.file)
        if by_name == UNKNOWN:
            by_name = format_type(read.format)
        return [Document(read.file, by_name, all_pages, read, classified_by="name" if by_name != UNKNOWN else "content")]
    return [Document(read.file, type_id, tuple(pages), read, classified_by="content") for type_id, pages in segments]
