"""Intake: opening what an applicant hands in — a folder or an archive — safely: entry names and
encodings, real formats by their bytes, bomb and size limits, and which parser failures mean a damaged file."""
