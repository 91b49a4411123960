"""Filling official forms from an institution profile; notices; working-day deadlines."""
