"""Checklist data files, one per city (installed as the package ``dingdian_checklists``)."""
