"""Checklists: a city's list of materials and rules, loaded from YAML, validated against the schema and
the vocabulary, and resolved over its ``extends`` base into a typed model."""
