"""How benchmark results are written (with the machine they ran on); :mod:`vigen.report` reads them."""
from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import torch

__all__ = ["machine_info", "write_results", "Timer"]


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


def write_results(path, *, settings: dict, rows: list, seconds: float, summary: list, **extra) -> Path:
    """Write ``{"settings", "machine", "seconds", "rows", "summary", ...}`` as indented JSON; the
    ``summary`` is :func:`vigen.report.summarize_results` of the rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"settings": settings, "machine": machine_info(), "seconds": round(seconds, 2), "rows": rows,
               "summary": summary, **extra}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


