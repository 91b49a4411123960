"""Batch checking (an application layer above the core): every package below a folder on a process
pool or a Dask cluster, with a result cache, per-package outputs and summary.xlsx."""
