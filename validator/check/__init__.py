"""The check: from an opened package to a report — which city and kind it applies for, reading what is
needed, presence of the checklist's items, the rules, waivers — run by ``pipeline.run_check``."""
