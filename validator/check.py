"""The check pipeline: package → read → classify and extract → presence → rules → report.

Each stage is a plain function; findings from every stage are collected, never
stopping at the first problem (bagit-style tiers, cheap to expensive).
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from time import perf_counter
from typing import Any, Callable

import yaml

from validator import __version__
from validator.checklists import load_checklist, resolve
from validator.classify import classify
from validator.completeness import assess_materials, mark_invalid, unclassified
from validator.context import CheckContext, CheckOptions
from validator.documents import Document, ReadFile
from validator.errors import InputError
from validator.extract import extract_fields
from validator.facts import derive_facts
from validator.findings import Finding, sort_findings
from validator.limits import Limits
from validator.package import Package, PackageFile, open_package
from validator.readers import read_file
from validator.report import MaterialResult, Report
from validator.rules import run_rules
from validator.target import infer_target, refuse_several_packages, require
from validator.resources import load_yaml

PROFILE_NAMES = ("profile.yaml", "profile.yml")

# progress(files_done, files_total, pages_ocr): called after each file is read (the CLI's progress line).
Progress = Callable[[int, int, int], None]


def read_package(package: Package, ocr: bool = True, limits: Limits | None = None,
                 progress: Progress | None = None) -> tuple[list[ReadFile], list[Document], list[Finding]]:
    """Reads, classifies and extracts every file; a file that cannot be read becomes a finding."""
    read_files: list[ReadFile] = []
    documents: list[Document] = []
    findings: list[Finding] = []
    for pfile in package.files:
        if Path(pfile.path).name.lower() in PROFILE_NAMES:
            continue
        read, file_findings = read_file(pfile, ocr=ocr, limits=limits)
        read_files.append(read)
        findings.extend(file_findings)
        for document in classify(read):
            extract_fields(document)
            documents.append(document)
        if progress is not None:
            progress(len(read_files), len(package.files),
                     sum(1 for r in read_files for p in r.pages if p.source == "ocr"))
    return read_files, documents, findings


def load_profile(options: CheckOptions, package: Package) -> Any:
    """--profile, else a profile.yaml inside the package; None when neither exists."""
    from generators.profile import load_profile as load, profile_from_mapping

    if options.profile is not None:
        return load(options.profile)
    embedded = next((f for f in package.files if Path(f.path).name.lower() in PROFILE_NAMES), None)
    if embedded is None:
        return None
    try:
        return profile_from_mapping(load_yaml(embedded.read_bytes().decode("utf-8")),
                                    origin=embedded.path)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(f"{embedded.path}: not a readable profile ({type(error).__name__})") from error


def _material_results(context: CheckContext) -> list[MaterialResult]:
    return [
        MaterialResult(material=m.item.material, title=m.item.title, status=m.status, files=m.files,
                       source=m.item.source, copies_required=m.item.copies, copies_found=len(m.documents))
        for m in context.materials.values()
    ]


def _inputs(files: list[PackageFile]) -> list[dict[str, Any]]:
    return [{"file": f.path, "sha256": f.sha256, "size": f.size} for f in files]


def run_check(options: CheckOptions, progress: Progress | None = None) -> Report:
    started = perf_counter()
    package = open_package(options.package, options.limits)
    refuse_several_packages(options.package, [f.path for f in package.files], [])
    profile = load_profile(options, package)
    read_files, documents, file_findings = read_package(package, ocr=options.ocr, limits=options.limits,
                                                        progress=progress)
    read_seconds = perf_counter() - started

    refuse_several_packages(options.package, [f.path for f in package.files], documents)
    target = infer_target(options.city, options.kind, options.scheme, documents, profile)
    city, kind, scheme = target.as_tuple()
    require(city, kind)
    checklist = load_checklist(city)

    context = CheckContext(options=options, checklist=checklist, kind=kind, scheme=scheme,
                           read_files=read_files, documents=documents, profile=profile)
    context.facts.update(derive_facts(documents, profile))
    resolved = resolve(checklist, kind, scheme, options.procedure, context.facts)
    findings = [*package.findings, *file_findings,
                *assess_materials(context, resolved, file_findings), *unclassified(documents)]
    if not options.fast:
        findings.extend(run_rules(context))
    mark_invalid(context, findings)
    if options.waivers:
        from validator.waivers import apply_waivers
        findings = apply_waivers(findings, options.waivers)

    return Report(
        package=str(options.package), city=city, kind=kind, scheme=scheme, procedure=options.procedure,
        as_of=options.as_of, materials=_material_results(context), findings=sort_findings(findings),
        documents=documents, tool_version=__version__, checklist_version=checklist.version,
        sources=dict(checklist.sources),
        options=_options_stamp(options, city, kind, scheme), inputs=_inputs(package.files),
        facts={key: value for key, value in {**context.facts, "inferred": target.evidence}.items()
               if value is not None},
        stats={"files": len(package.files), "documents": len(documents),
               "pages_ocr": sum(1 for r in read_files for p in r.pages if p.source == "ocr"),
               "read_seconds": round(read_seconds, 3), "seconds": round(perf_counter() - started, 3)},
    )


def _options_stamp(options: CheckOptions, city: str, kind: str, scheme: str | None) -> dict[str, Any]:
    stamp = {key: (str(value) if isinstance(value, Path) or hasattr(value, "isoformat") else value)
             for key, value in asdict(options).items() if key not in ("waivers", "limits")}
    stamp.update(city=city, kind=kind, scheme=scheme, waivers=len(options.waivers),
                 limits=asdict(options.limits) if options.limits else "default")
    return stamp
