"""OCR time per scanned page: dingdian's OCR against bare rapidocr with its defaults, side by side (not a test).

    python benchmarks/ocr_speed.py [--pages 6] [--rounds 2] [--profile]

Renders PAGES synthetic certificates as clean 200 dpi scans, degraded scans and phone
photos (samples.synth, in turn), then OCRs every page with bare ``RapidOCR()`` (the
anchor: rapidocr's default configuration) and with ``validator.readers.ocr.ocr_image`` (no
cache), alternating which goes first, ROUNDS times.  Each engine runs in a process of its
own (one at a time, on the same decoded image), so the machine's load hits both alike and
neither shares the other's heap: a ``malloc_trim`` or an allocator setting of dingdian's
would otherwise change bare rapidocr's time too.  Prints the median per-page ratio
dingdian / bare (wall and CPU seconds) with its spread, overall and per tier, the cores
dingdian keeps busy on a page (CPU / wall), and the load average before and after.
``--profile`` runs dingdian's OCR of one page under pyinstrument, when installed, and
prints where the time goes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samples.synth import degrade  # noqa: E402
from samples.synth.certificates import BUILDERS, make  # noqa: E402
from samples.synth.render import to_image  # noqa: E402

TIERS: dict[str, Callable[[Any, int], Any]] = {
    "clean_scan": lambda image, seed: image,
    "degraded_scan": degrade.degraded_scan,
    "photo": degrade.phone_photo,
}


def pages(count: int) -> list[tuple[str, Any]]:
    """(label, RGB image) of COUNT pages, tiers in turn, each a different certificate."""
    import io

    from PIL import Image

    types, tiers, result = sorted(BUILDERS), list(TIERS), []
    for index in range(count):
        tier = tiers[index % len(tiers)]
        image = TIERS[tier](to_image(make(types[index % len(types)], 7000 + index)), 7000 + index)
        buffer = io.BytesIO()  # as a file holds it: JPEG artefacts for the degraded tiers
        image.save(buffer, format="PNG" if tier == "clean_scan" else "JPEG", quality=60)
        result.append((f"{tier}-{types[index % len(types)]}", Image.open(buffer).convert("RGB")))
    return result


def timed(call: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f})"


def engine_process(name: str, images: list[bytes], requests: Any) -> None:
    """Serves timings of engine ``name`` ("bare" or "dingdian") on ``images`` until told None."""
    import io

    import numpy as np
    from PIL import Image

    decoded = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    if name == "bare":
        from rapidocr import RapidOCR

        bare = RapidOCR(params={"Global.log_level": "error"})
        call: Callable[[Any], Any] = lambda image: bare(np.asarray(image))  # noqa: E731
    else:
        from validator.readers import ocr

        call = ocr.ocr_image
    started = time.perf_counter()
    call(decoded[0])  # warmed up: sessions built, first-run allocations done
    requests.send(time.perf_counter() - started)
    while (index := requests.recv()) is not None:
        requests.send(timed(lambda: call(decoded[index])))


def measure(samples: list[tuple[str, Any]], rounds: int) -> dict[str, Any]:
    """Times every page of ``samples`` ((tier-label, RGB image)) with bare rapidocr and with
    dingdian, each engine in a process of its own, alternating which goes first, ROUNDS times."""
    import io
    import multiprocessing

    encoded = []
    for _label, image in samples:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")  # lossless: both decode the very same pixels
        encoded.append(buffer.getvalue())
    context = multiprocessing.get_context("spawn")
    engines, warm_up = {}, {}
    for name in ("bare", "dingdian"):
        ours, theirs = context.Pipe()
        context.Process(target=engine_process, args=(name, encoded, theirs), daemon=True).start()
        engines[name] = ours
        warm_up[name] = ours.recv()
    seconds: dict[str, list[float]] = {"bare": [], "dingdian": []}
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    cores: list[float] = []  # dingdian's CPU / wall per page: the cores one page keeps busy
    per_tier: dict[str, list[float]] = {}
    for round_ in range(rounds):
        for index, (label, _image) in enumerate(samples):
            order = ["bare", "dingdian"] if (round_ + index) % 2 == 0 else ["dingdian", "bare"]
            measured = {}
            for name in order:
                engines[name].send(index)
                measured[name] = engines[name].recv()
            for name in seconds:
                seconds[name].append(measured[name][0])
            cores.append(measured["dingdian"][1] / measured["dingdian"][0])
            ratios["wall"].append(measured["dingdian"][0] / measured["bare"][0])
            ratios["cpu"].append(measured["dingdian"][1] / measured["bare"][1])
            per_tier.setdefault(label.split("-")[0], []).append(ratios["wall"][-1])
    for connection in engines.values():
        connection.send(None)
    return {"warm_up": warm_up, "seconds": seconds, "ratios": ratios, "cores": cores, "per_tier": per_tier}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()
    samples = pages(args.pages)
    result = measure(samples, args.rounds)
    seconds, ratios, warm_up = result["seconds"], result["ratios"], result["warm_up"]
    print(f"pages {len(samples)} x {args.rounds} rounds; load average before {load_before[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; first page (models loaded) "
          f"bare {warm_up['bare']:.2f} s, dingdian {warm_up['dingdian']:.2f} s")
    print(f"bare rapidocr s/page      {spread(seconds['bare'])}")
    print(f"dingdian s/page           {spread(seconds['dingdian'])}")
    print(f"dingdian cores per page   {spread(result['cores'])}")
    print(f"ratio dingdian/bare wall  {spread(ratios['wall'])}")
    print(f"ratio dingdian/bare CPU   {spread(ratios['cpu'])}")
    for tier, values in result["per_tier"].items():
        print(f"  wall ratio {tier:14s}{spread(values)}")
    if args.profile:
        profile(samples[0][1])


def profile(image: Any) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: pip install pyinstrument")
        return
    from validator.readers import ocr

    profiler = Profiler(interval=0.005)
    with profiler:
        ocr.ocr_image(image)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
