"""Benchmarks: the long runs behind the book's tables.

``python -m vigen.bench NAME [options]`` runs the module ``vigen.bench.NAME``
(its ``main(argv)``), which writes ``book/results/NAME.json`` through
:func:`write_results`.  The chapters load and tabulate these files; they never
re-run the long protocol themselves.
"""
from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import torch

__all__ = ["machine_info", "write_results", "load_results", "Timer"]


def machine_info() -> dict:
    """What the numbers were measured on."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
    }


class Timer:
    """``with Timer() as t: ...`` then ``t.seconds``."""

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start


def write_results(path, *, settings: dict, rows: list, seconds: float, **extra) -> Path:
    """Write ``{"settings", "machine", "seconds", "rows", ...}`` as indented JSON."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"settings": settings, "machine": machine_info(), "seconds": round(seconds, 2), "rows": rows, **extra}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def load_results(name: str, results_dir=None) -> dict:
    """Load ``NAME.json`` from ``results_dir`` (default: the book's results folder)."""
    base = Path(results_dir) if results_dir is not None else Path(__file__).resolve().parents[3] / "book" / "results"
    path = base / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `python -m vigen.bench {name}` from the repository root")
    return json.loads(path.read_text())
