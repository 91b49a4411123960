"""The signatures stage inside a check: verify every signed PDF and OFD of the package once, and
turn what was found into findings placed on the material each file was filed as."""
from __future__ import annotations

from dataclasses import replace

from validator.findings import Finding
from validator.intake.package import Package
from validator.rules.context import CheckContext
from validator.signatures import verify_files
from validator.signatures.findings import signature_findings


def check_signatures(context: CheckContext, package: Package) -> list[Finding]:
    """Fills ``context.signatures`` and returns the findings about them."""
    context.signatures = verify_files(package.files, context.options.trust_roots)
    material_of = {doc.file: status.item.material for status in context.materials.values()
                   for doc in status.documents}
    return [replace(finding, material=material_of.get(finding.file))
            for found in context.signatures.values() for finding in signature_findings(found)]
