"""dingdian: check, read and fill medical-insurance designation paperwork."""
from __future__ import annotations

__version__ = "0.1.0"
