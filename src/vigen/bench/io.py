"""Where benchmark results live and how they are written and read (with the machine they ran on)."""
from __future__ import annotations

import importlib.resources
import json
import os
import platform
import time
from pathlib import Path

import torch

__all__ = ["machine_info", "write_results", "results_path", "load_results", "Timer"]


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


def results_path(name: str) -> Path:
    """Where benchmark ``name`` stores its JSON: ``vigen/results/NAME.json``.

    The folder ships inside the package (so Colab, which has no repository checkout,
    can read the results), and the repository links it as ``book/results``.
    """
    return Path(__file__).resolve().parents[1] / "results" / f"{name}.json"


def load_results(name: str) -> dict:
    """Load the stored results of benchmark ``name`` (written by ``python -m vigen.bench NAME``)."""
    resource = importlib.resources.files("vigen") / "results" / f"{name}.json"
    if not resource.is_file():
        raise FileNotFoundError(f"no stored results for {name!r}: run `python -m vigen.bench {name}`"
                                " from the repository root")
    return json.loads(resource.read_text())

