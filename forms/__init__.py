"""Form templates, one folder per city plus ``common`` (installed as ``dingdian_forms``)."""
