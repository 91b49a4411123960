"""rapidocr's three models (detection, direction, recognition) on onnxruntime sessions built here.

rapidocr builds its sessions with onnxruntime's default of spinning threads: a thread that waits
for work keeps its core busy for a while, which loses badly on a machine other processes also
want (6 scans, one page at a time on two threads, load 2.5-4: 15.0 s spinning, 11.2 s not;
benchmarks/scan_check_speed.py). rapidocr takes a ready session (its config's ``session``), so
the sessions are built here, on the same model files it would load (its wheel's, never a download).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

_MODELS = (("text_det", "Det"), ("text_cls", "Cls"), ("text_rec", "Rec"))


def load_models(ocr: Any, threads: int) -> None:
    """Loads the engine ``ocr``'s three models on sessions of ``threads`` intra-op threads that do
    not spin (0: one per core), in place of those rapidocr would build on first use."""
    from omegaconf import open_dict
    from rapidocr.ch_ppocr_cls import TextClassifier
    from rapidocr.ch_ppocr_det import TextDetector
    from rapidocr.ch_ppocr_rec import TextRecognizer

    builders = {"Det": TextDetector, "Cls": TextClassifier, "Rec": TextRecognizer}
    for attribute, section in _MODELS:
        config = ocr.cfg[section].copy()
        config._set_flag("allow_objects", True)
        with open_dict(config):  # as RapidOCR._load_*_model completes it
            config.engine_cfg = ocr.cfg.EngineConfig[config.engine_type.value]
            config.model_root_dir = ocr.cfg.Global.model_root_dir
            config.font_path = ocr.cfg.Global.font_path
            config.session = _session(_model_path(config), threads)
        setattr(ocr, attribute, builders[section](config))


def _model_path(config: Any) -> str:
    """The model file rapidocr's own session would load for ``config`` (its default model)."""
    from rapidocr.inference_engine.base import FileInfo, InferSession

    if config.get("model_path"):
        return str(config.model_path)
    model = InferSession.get_model_url(FileInfo(config.engine_type, config.ocr_version, config.task_type,
                                                config.lang_type, config.model_type))
    return str(Path(config.model_root_dir) / Path(model["model_dir"]).name)


def _session(model: str, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False  # as rapidocr: the activations are freed after each page
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
