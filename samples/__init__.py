"""Synthetic samples and their builders (not shipped in the wheel)."""
