"""Renderers of synthetic documents (licenses, certificates, scans) for samples, tests and benchmarks."""
