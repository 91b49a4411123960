"""What both sides of dingdian share: the institution profile, the statutory working-day calendar
and the deadlines counted on it. The checks (validator) and the forms (generators) import these;
nothing here imports the forms, so dependencies point one way (tests/test_layers.py)."""
