"""How benchmark results are written, with where they come from (the code, the command, the machine);
:mod:`vigen.report` reads them."""
from __future__ import annotations

import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import torch

__all__ = ["machine_info", "provenance", "command", "write_results", "Timer", "merge_with_stored"]

_COMMAND: list | None = None   # the benchmark command being run, set by command(); None: this process's argv


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


def _git(*args: str) -> str | None:
    """``git args`` in the checkout that holds this package, or None outside a checkout (an install)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def provenance(argv=None) -> dict:
    """Where a result comes from: vigen's version, the git commit and whether the tree was clean (from a
    checkout; None from an install), the command line and the date.

    "Clean" ignores the results folder itself, which a run of several benchmarks writes as it goes.
    """
    from vigen import __version__

    argv = (sys.argv[1:] if _COMMAND is None else _COMMAND) if argv is None else list(argv)
    status = _git("status", "--porcelain", "--", ".", ":(exclude)src/vigen/results")
    return {"vigen": __version__, "commit": _git("rev-parse", "HEAD"),
            "clean": None if status is None else status == "",
            "command": "python -m vigen.bench " + shlex.join(argv),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


@contextmanager
def command(argv):
    """Within this block, results record ``python -m vigen.bench *argv`` as their command (``bench all``
    and the cheap runs call the benchmarks' mains from one process)."""
    global _COMMAND
    before, _COMMAND = _COMMAND, [str(a) for a in argv]
    try:
        yield
    finally:
        _COMMAND = before


class Timer:
    """``with Timer() as t: ...`` then ``t.seconds``."""

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start


def write_results(path, *, settings: dict, rows: list, seconds: float, summary: list, argv=None,
                  **extra) -> Path:
    """Write ``{"settings", "machine", "seconds", "rows", "summary", "provenance", ...}`` as indented JSON;
    the ``summary`` is :func:`vigen.report.summarize_results` of the rows, the provenance is
    :func:`provenance` of ``argv`` (default: this process's command line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"settings": settings, "machine": machine_info(), "seconds": round(seconds, 2), "rows": rows,
               "summary": summary, "provenance": provenance(argv), **extra}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def merge_with_stored(stored: dict, rows: list, key) -> tuple:
    """Fresh ``rows`` after the rows of the ``stored`` results file that they do not replace (matched by
    ``key(row)``): a sweep round that adds to earlier ones, or a benchmark that re-runs some of its models.
    Returns ``(rows, earlier, stored_seconds)``: ``earlier`` is ``{"earlier_run": stored settings}`` and
    ``stored_seconds`` the stored wall time when any stored row is kept, else ``{}`` and 0."""
    ran = {key(r) for r in rows}
    kept = [r for r in stored["rows"] if key(r) not in ran]
    if not kept:
        return rows, {}, 0.0
    earlier = {"earlier_run": stored["settings"]} if stored["settings"] else {}
    return kept + rows, earlier, stored.get("seconds", 0.0)
