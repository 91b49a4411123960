"""The ``dingdian`` process (``python -m validator`` and the console script): :func:`validator.cli.main`,
with the garbage collector set for a process that ends when the command does.

* The threshold for young objects is 100,000 new container objects instead of CPython's 700,
  set before the command line is imported.  With 700 a text check spent a tenth of its time in
  some 180 collections that found almost nothing: its objects are imported modules' and the
  report's, alive till exit.  Garbage is still collected, every 100,000 allocations, so a large
  package's memory stays bounded.  (mypy's main() raises the threshold for the same reason.)
* At exit everything still alive is frozen (``gc.freeze``): the interpreter's shutdown then frees
  it by reference counting and skips its last full collections, which would only traverse the
  same objects again.  Nothing here relies on a finaliser of a reference cycle at exit: files are
  written and closed by the commands, temporary folders are removed by their own exit handlers.

``main()`` itself leaves the collector alone, so tests and other callers in one process keep theirs.
"""
from __future__ import annotations

import gc

GC_THRESHOLD = 100_000


def run() -> None:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    from validator.cli import main

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
