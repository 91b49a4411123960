"""rapidocr's three models (detection, direction, recognition) on onnxruntime sessions built here.

rapidocr builds its sessions with onnxruntime's default of spinning threads: a thread that waits
for work keeps its core busy for a while, which loses badly on a machine other processes also
want (6 scans, one page at a time on two threads, load 2.5-4: 15.0 s spinning, 11.2 s not;
benchmarks/scan_check_speed.py). rapidocr takes a ready session (its config's ``session``), so
the sessions are built here, on the same model files it would load (its wheel's, never a download).

rapidocr also turns onnxruntime's memory arena off, so every page maps a few hundred MB of fresh
activations and the kernel zeroes them page by page: about a third of a page's CPU went to the
system. The three sessions here share one arena instead (``_shared_arena``), which keeps the
activations of the largest step between pages and reuses them.

Detection's input is normalised through a table of the 256 values a byte can take
(``_DetectionInput``), the same float32 values rapidocr computes pixel by pixel in float64.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

_MODELS = (("text_det", "Det"), ("text_cls", "Cls"), ("text_rec", "Rec"))
# rapidocr's default detection scales a page up until its shorter side is 736 px (Det.limit_type
# "min"). A detection capped at a longest side alone left a small image (a 323 x 430 banner, a
# 476 x 368 photo of a page) at its size: the detector lost 6 of 18 lines of RapidOCR's
# ch_en_num.jpg and misread 2018-06-29 as 2018-96-29 where stock rapidocr reads both
# (benchmarks/extract_accuracy.py). Ours never detects on a smaller image than rapidocr's.
STOCK_SHORT_SIDE = 736


def detection_ratio(h: int, w: int, longest: int) -> float:
    """How much the page detector scales an h x w page: down to ``longest`` on its longest side,
    but never below rapidocr's own shortest side (STOCK_SHORT_SIDE)."""
    return max(min(1.0, longest / max(h, w)), STOCK_SHORT_SIDE / min(h, w))


def load_models(ocr: Any, threads: int) -> None:
    """Loads the engine ``ocr``'s three models on sessions of ``threads`` intra-op threads that do
    not spin (0: one per core), in place of those rapidocr would build on first use."""
    from omegaconf import open_dict
    from rapidocr.ch_ppocr_cls import TextClassifier
    from rapidocr.ch_ppocr_det import TextDetector
    from rapidocr.ch_ppocr_rec import TextRecognizer

    builders = {"Det": _detector_class(TextDetector), "Cls": TextClassifier, "Rec": TextRecognizer}
    for attribute, section in _MODELS:
        config = ocr.cfg[section].copy()
        config._set_flag("allow_objects", True)
        with open_dict(config):  # as RapidOCR._load_*_model completes it
            config.engine_cfg = ocr.cfg.EngineConfig[config.engine_type.value]
            config.model_root_dir = ocr.cfg.Global.model_root_dir
            config.font_path = ocr.cfg.Global.font_path
            config.session = _session(_model_path(config), threads)
        setattr(ocr, attribute, builders[section](config))


@lru_cache(maxsize=1)
def _detector_class(detector: type) -> type:
    """rapidocr's TextDetector with its input prepared by ``_DetectionInput``."""
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    class _DetectionInput(DetPreProcess):
        """rapidocr's DetPreProcess, normalising through a table: 1600 x 1152 x 3 bytes in ~8 ms,
        not ~25 ms in float64; the values are identical (tests/test_ocr.py). Scaled down to the
        longest side ``limit_side_len`` ("max"), but never below rapidocr's own shortest side."""

        def resize(self, img: Any) -> Any:
            if self.limit_type != "max":
                return super().resize(img)
            import cv2

            h, w = img.shape[:2]
            if min(h, w) == 0:
                return None  # nothing to detect on, as rapidocr
            ratio = detection_ratio(h, w, self.limit_side_len)
            size = (int(round(int(w * ratio) / 32) * 32), int(round(int(h * ratio) / 32) * 32))
            return None if min(size) <= 0 else cv2.resize(img, size)

        def __call__(self, img: Any) -> Any:
            import numpy as np

            resized = self.resize(img)
            if resized is None or resized.dtype != np.uint8 or resized.ndim != 3:
                return None if resized is None else super().__call__(img)
            tables = _tables(tuple(self.mean.tolist()), tuple(self.std.tolist()), self.scale)
            channels = resized.transpose(2, 0, 1)
            prepared = np.empty((1, *channels.shape), dtype=np.float32)
            for channel, table in enumerate(tables):
                np.take(table, channels[channel], out=prepared[0, channel])
            return prepared

    class _Detector(detector):  # type: ignore[misc,valid-type]
        def get_preprocess(self) -> Any:
            return _DetectionInput(self.limit_side_len, self.limit_type, self.mean, self.std)

    return _Detector


@lru_cache(maxsize=4)
def _tables(mean: tuple[float, ...], std: tuple[float, ...], scale: float) -> tuple[Any, ...]:
    """Per channel, the float32 value rapidocr's normalisation gives each byte value."""
    import numpy as np

    values = np.arange(256, dtype=np.float32) * scale  # float32 times a Python float, as rapidocr
    return tuple(((values - m) / s).astype(np.float32) for m, s in zip(np.array(mean), np.array(std)))


def _model_path(config: Any) -> str:
    """The model file rapidocr's own session would load for ``config`` (its default model)."""
    from rapidocr.inference_engine.base import FileInfo, InferSession

    if config.get("model_path"):
        return str(config.model_path)
    model = InferSession.get_model_url(FileInfo(config.engine_type, config.ocr_version, config.task_type,
                                                config.lang_type, config.model_type))
    return str(Path(config.model_root_dir) / Path(model["model_dir"]).name)


# The shared arena's first region (virtual until touched): above detection's live set at
# validator.readers.ocr.DET_SIDE (~290 MB at 1600 px; ~450 MB at 2000 px by area, not measured),
# so that pages of different sizes and the recognition batches between them reuse one region.
# Without it the arena kept ~430 MB after six pages grown in powers of two, ~750 MB in exact
# sizes; with it, 310-360 MB (at 1600 px). A page took 0.55 s with no arena at all, 0.40 s with
# this one (docs/ocr_cores.md).
ARENA_FIRST_REGION = 512 << 20


@lru_cache(maxsize=1)
def _shared_arena() -> None:
    """Registers the process's one CPU arena that the sessions below allocate from (once: a second
    registration is an error)."""
    import onnxruntime

    memory = onnxruntime.OrtMemoryInfo("Cpu", onnxruntime.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0,
                                       onnxruntime.OrtMemType.DEFAULT)
    # max_mem 0 (no limit), arena_extend_strategy 0 (powers of two), the first region,
    # max_dead_bytes_per_chunk -1 (onnxruntime's default)
    onnxruntime.create_and_register_allocator(memory, onnxruntime.OrtArenaCfg(0, 0, ARENA_FIRST_REGION, -1))


def _session(model: str, threads: int) -> Any:
    import onnxruntime

    _shared_arena()
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.add_session_config_entry("session.use_env_allocators", "1")
    # Without a memory pattern the steps' tensors are allocated one by one and fit the arena's
    # freed chunks whatever the page size; a pattern is one block per input shape (~130 MB more kept).
    options.enable_mem_pattern = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
