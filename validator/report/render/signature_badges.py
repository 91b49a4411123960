"""The HTML report's badges of signed files: one per file, its status in words and the details of
each signature (validator/report/signature_view.py makes the words)."""
from __future__ import annotations

from html import escape
from typing import Any

CSS = """
.sig{background:#fff;border:1px solid #d5dbe4;border-left:.35rem solid #7a8494;border-radius:.4rem;
padding:.4rem .7rem;margin:.4rem 0}.sig p{margin:.1rem 0}
.sig-badge{display:inline-block;border-radius:.3rem;padding:0 .45rem;margin-right:.4rem;color:#fff;font-size:.85rem}
.sig.s-error{border-left-color:#b3261e}.sig-badge.s-error{background:#b3261e}
.sig.s-warning{border-left-color:#c98a00}.sig-badge.s-warning{background:#c98a00}
.sig.s-info{border-left-color:#2b6cb0}.sig-badge.s-info{background:#2b6cb0}
.sig.s-ok{border-left-color:#1f7a3d}.sig-badge.s-ok{background:#1f7a3d}
.sig dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.3rem 0 .2rem;font-size:.9rem}
.sig dt{color:#5a6578}.sig dd{margin:0;overflow-wrap:anywhere}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def signature_badges(data: dict[str, Any]) -> str:
    """The section, or nothing when no file of the package is signed."""
    files = data.get("signatures") or []
    if not files:
        return ""
    return (f'<h2>{_e(files[0]["heading"])}</h2>\n<section id="signatures">'
            + "".join(_file(found) for found in files) + "</section>")


def _file(found: dict[str, Any]) -> str:
    details = "".join(
        f'<p><span class="sig-badge s-{_e(signature["severity"])}">{_e(signature["status_title"])}</span></p>'
        + "<dl>" + "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in signature["lines"]) + "</dl>"
        for signature in found["signatures"])
    return (f'<article class="sig s-{_e(found["severity"])}"><p><span class="sig-badge s-{_e(found["severity"])}">'
            f'{_e(found["status_title"])}</span><strong>{_e(found["file"])}</strong></p>{details}</article>')
