"""The check pipeline: package → read → classify and extract → presence → rules → report.

Each stage is a plain function; findings from every stage are collected, never
stopping at the first problem (bagit-style tiers, cheap to expensive).
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from time import perf_counter
from typing import Any, Callable


from validator import __version__
from validator.checklists.model import ChecklistItem
from validator.checklists.loader import load_checklist, resolve, scheme_choices
from validator.check.presence import assess_materials, mark_invalid, unclassified
from validator.check.signed import check_signatures
from validator.rules.context import CheckContext, CheckOptions
from validator.readers.documents import Document, ReadFile
from validator.catalogue import t
from validator.errors import InputError
from validator.extract.facts import derive_facts, profile_answer
from validator.findings import Finding, sort_findings
from validator.intake.limits import Limits
from validator.intake.package import Package, PackageFile, open_package
from validator.check.reading import PROFILE_NAMES, PackageReading, presence_types, read_all
from validator.report.model import MaterialResult, Report
from validator.resources import load_yaml
from validator.vocabulary import document_types_tagged
from validator.rules import run_rules
from validator.check.target import Target, infer_target, refuse_several_packages, require

# progress(files_done, files_total, pages_ocr): called after each file is read (the CLI's progress line).
Progress = Callable[[int, int, int], None]


def read_package(package: Package, ocr: bool = True, limits: Limits | None = None,
                 progress: Progress | None = None) -> tuple[list[ReadFile], list[Document], list[Finding]]:
    """Reads, classifies and extracts every file; a file that cannot be read becomes a finding."""
    reading = read_all(package, ocr=ocr, limits=limits, progress=progress)
    return reading.read_files, reading.documents, reading.findings


def load_profile(options: CheckOptions, package: Package) -> Any:
    """--profile, else a profile.yaml inside the package; None when neither exists."""
    # A check reports no check-digit warnings of the profile's own numbers (``dingdian fill`` does):
    # python-stdnum's import and its table of areas were a tenth of a text check's CPU.
    if options.profile is not None:
        from validator.domain.profile import load_profile as load

        return load(options.profile, warn=False)
    embedded = next((f for f in package.files if Path(f.path).name.lower() in PROFILE_NAMES), None)
    if embedded is None:
        return None
    from validator.domain.profile import profile_from_mapping

    try:
        data = load_yaml(embedded.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(t("profile_unreadable", path=embedded.path, reason=type(error).__name__)) from error
    except Exception as error:
        import yaml  # only now: parsed YAML comes from a cache that needs no parser (validator/yaml_cache.py)

        if not isinstance(error, yaml.YAMLError):
            raise
        raise InputError(t("profile_unreadable", path=embedded.path, reason=type(error).__name__)) from error
    return profile_from_mapping(data, origin=embedded.path, warn=False)


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
    # --fast reads a scan only when presence depends on its content (validator.check.reading).
    reading = read_all(package, ocr=options.ocr, limits=options.limits, lazy=options.fast, progress=progress)

    target = _target(options, reading, profile, [f.path for f in package.files])
    city, kind, scheme = target.as_tuple()
    require(city, kind)
    checklist = load_checklist(city)

    context = CheckContext(options=options, checklist=checklist, kind=kind, scheme=scheme,
                           read_files=reading.read_files, profile=profile)
    resolved = _resolve(context, reading)
    read_seconds = perf_counter() - started
    documents = context.documents
    findings = [*package.findings, *reading.findings,
                *assess_materials(context, resolved, reading.findings), *unclassified(documents)]
    if not options.fast:
        findings.extend(check_signatures(context, package))  # before the rules: an e-seal is a seal
        findings.extend(run_rules(context))
    mark_invalid(context, findings)
    if options.waivers:
        from validator.check.waivers import apply_waivers
        findings = apply_waivers(findings, options.waivers)

    return Report(
        package=str(options.package), city=city, kind=kind, scheme=scheme, procedure=options.procedure,
        as_of=options.as_of, materials=_material_results(context), findings=sort_findings(findings),
        documents=documents, signatures=list(context.signatures.values()), tool_version=__version__,
        checklist_version=checklist.version,
        sources=dict(checklist.sources),
        options=_options_stamp(options, city, kind, scheme), inputs=_inputs(package.files),
        facts={key: value for key, value in {**context.facts, "inferred": target.evidence}.items()
               if value is not None},
        stats={"files": len(package.files), "documents": len(documents),
               "pages_ocr": sum(1 for r in reading.read_files for p in r.pages if p.source == "ocr"),
               "read_seconds": round(read_seconds, 3), "seconds": round(perf_counter() - started, 3)},
    )


def _target(options: CheckOptions, reading: PackageReading, profile: Any, paths: list[str]) -> Target:
    """City, kind and scheme, once a lazy reading has read the scans they may be told from: all of
    them unless the options and the profile settle all three; the licences naming an institution
    when the files lie in several folders (several packages are told apart by those names)."""
    city, kind, scheme = (getattr(options, key) or profile_answer(profile, key) for key in ("city", "kind", "scheme"))
    if not city or not kind or (not scheme and scheme_choices(load_checklist(city), kind, options.procedure)):
        reading.read_scans()
    elif len({path.rsplit("/", 1)[0] for path in paths if "/" in path}) > 1:
        reading.read_scans_of(["application_form", *document_types_tagged("names_institution")])
    else:
        reading.read_scans_of(["application_form"])
    refuse_several_packages(options.package, paths, reading.documents)
    return infer_target(options.city, options.kind, options.scheme, reading.documents, profile)


def _resolve(context: CheckContext, reading: PackageReading) -> list[tuple[ChecklistItem, str]]:
    """Facts and the checklist items that apply, once the scans they depend on are read."""
    while True:
        context.documents = reading.documents
        context.facts.update(derive_facts(context.documents, context.profile))
        resolved = resolve(context.checklist, context.kind, context.scheme, context.options.procedure,
                           context.facts)
        if not reading.read_scans_of(presence_types(resolved, context.facts)):
            return resolved


def _options_stamp(options: CheckOptions, city: str, kind: str, scheme: str | None) -> dict[str, Any]:
    stamp = {key: (str(value) if isinstance(value, Path) or hasattr(value, "isoformat") else value)
             for key, value in asdict(options).items() if key not in ("waivers", "limits")}
    stamp.update(city=city, kind=kind, scheme=scheme, waivers=len(options.waivers),
                 limits=asdict(options.limits) if options.limits else "default")
    return stamp
