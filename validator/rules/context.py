"""What a check knows while it runs: the options, the checklist, what was read and found."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validator.checklists.model import Checklist, ChecklistItem
from validator.readers.documents import Document, ReadFile
from validator.shapes import MaterialState

if TYPE_CHECKING:  # types only: the waiver reader (YAML, CSV) is imported where waivers are read
    from validator.intake.limits import Limits
    from validator.check.waivers import Waiver


@dataclass(frozen=True)
class CheckOptions:
    package: Path
    city: str | None = None
    kind: str | None = None
    scheme: str | None = None
    procedure: str = "application"
    as_of: date = field(default_factory=date.today)
    negative_list: Path | None = None
    profile: Path | None = None
    lang: str = "zh"
    fast: bool = False  # stop after presence
    show_personal_data: bool = False
    ocr: bool = True
    waivers: tuple[Waiver, ...] = ()
    limits: Limits | None = None  # None: the documented defaults
    trust_roots: Path | None = None  # folder of certificates the agency trusts (validator/signatures/)


@dataclass
class MaterialStatus:
    item: ChecklistItem
    status: MaterialState
    documents: list[Document] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return sorted({doc.file for doc in self.documents})


@dataclass
class CheckContext:
    options: CheckOptions
    checklist: Checklist
    kind: str
    scheme: str | None
    read_files: list[ReadFile] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    materials: dict[str, MaterialStatus] = field(default_factory=dict)
    profile: Any = None  # validator.domain.profile.Profile when --profile is given
    facts: dict[str, Any] = field(default_factory=dict)  # derived: for_profit, beds, roster counts ...
    signatures: dict[str, Any] = field(default_factory=dict)  # file → validator.signatures FileSignatures

    @property
    def as_of(self) -> date:
        return self.options.as_of

    @property
    def procedure(self) -> str:
        return self.options.procedure

    def documents_of(self, *document_types: str) -> list[Document]:
        return [doc for doc in self.documents if doc.document_type in document_types]

    def documents_for(self, material: str) -> list[Document]:
        status = self.materials.get(material)
        return list(status.documents) if status else []
