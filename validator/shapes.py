"""Names for the shapes that travel between stages as plain strings, so a reader sees the choices
in the type instead of a comment (checked by type checkers, free at run time)."""
from __future__ import annotations

from typing import Literal, get_args

# A checklist material's state after presence and the rules (validator/check/presence.py).
MaterialState = Literal["present", "missing", "invalid", "unverified", "not_applicable"]
MATERIAL_STATES: tuple[str, ...] = get_args(MaterialState)
