"""The benchmarks' cheap configurations, and how a re-run of one is compared with the stored one.

Every benchmark module ``vigen.bench.NAME`` defines

* ``QUICK``: the command-line arguments (without ``NAME`` and ``--out``) of a configuration that runs in
  seconds: one seed, a short budget;
* ``REPRODUCE_TOLERANCE``: the row fields compared, each with its absolute tolerance (0: exact), and why.
  A key ``FIELD`` applies to every row that has the field, a key ``TABLE.FIELD`` only to the rows whose
  ``table`` is ``TABLE``.  Fields not listed (timings above all) are not compared.

``python -m vigen.bench NAME`` stores that configuration's results in ``results/reproduce/NAME.json``
(:func:`vigen.report.reproduction_path`) after the full run, and ``tests/test_reproduction.py`` re-runs it
(:func:`run_quick`) and compares the rows (:func:`compare_rows`): a change of the code that moves a result
fails until the benchmark is re-run, and so does a stored number edited by hand.
"""
from __future__ import annotations

import importlib
import json
import math
from dataclasses import replace
from pathlib import Path

import torch

from vigen.bench import io
from vigen.report import reproduction_path

__all__ = ["ROW_KEYS", "with_steps", "row_key", "compare_rows", "run_quick", "load_rows"]

ROW_KEYS = ("table", "model", "dataset", "seed", "K")
"""The fields that name a row (those of them it has); a stored and a fresh row are matched on them."""


def with_steps(cfg, steps: int | None):
    """``cfg`` (a model config with a ``train`` :class:`vigen.core.train.TrainConfig`) with ``steps`` training
    steps instead of its own; ``steps=None`` returns ``cfg`` itself (the preset's budget).

    Examples
    --------
    >>> from vigen.models.gan import PRESETS
    >>> with_steps(PRESETS[("gan", "ring8")], 300).train.steps
    300
    """
    return cfg if steps is None else replace(cfg, train=replace(cfg.train, steps=steps))


def row_key(row: dict) -> tuple:
    """The ``(field, value)`` pairs of :data:`ROW_KEYS` that ``row`` has."""
    return tuple((k, row[k]) for k in ROW_KEYS if k in row)


def _name(key: tuple) -> str:
    return " ".join(f"{k}={v}" for k, v in key) or "(unnamed row)"


def _tolerances(row: dict, tolerance: dict) -> dict:
    """``{field: tolerance}`` for one row: its ``TABLE.FIELD`` keys and the plain ``FIELD`` keys."""
    table = row.get("table")
    out = {}
    for key, tol in tolerance.items():
        prefix, dot, field = key.rpartition(".")
        if not dot:
            out[key] = tol
        elif prefix == table:
            out[field] = tol
    return out


def _close(a, b, tol: float) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
                and all(_close(x, y, tol) for x, y in zip(a, b)))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= tol
    return a == b


def compare_rows(stored_rows: list, fresh_rows: list, tolerance: dict) -> list[str]:
    """The differences between stored and freshly computed rows, one line each (empty: they agree).

    Rows are matched by :func:`row_key`; every field of ``tolerance`` that a row has must be within its
    absolute tolerance (element by element for a list; a string must be equal).

    Examples
    --------
    >>> stored = [{"model": "gan", "seed": 0, "modes": 8, "seconds": 3.0}]
    >>> fresh = [{"model": "gan", "seed": 0, "modes": 7, "seconds": 9.0}]
    >>> compare_rows(stored, fresh, {"modes": 1})
    []
    >>> fresh = [{"model": "gan", "seed": 0, "modes": 6, "seconds": 3.0}]
    >>> compare_rows(stored, fresh, {"modes": 1})
    ['model=gan seed=0: modes is 8 stored, 6 now (tolerance 1)']
    """
    problems = []
    stored, fresh = {}, {}
    for where, rows, by_key in (("stored", stored_rows, stored), ("fresh", fresh_rows, fresh)):
        for row in rows:
            key = row_key(row)
            if key in by_key:
                problems.append(f"{_name(key)}: two {where} rows")
            by_key[key] = row
    problems += [f"{_name(key)}: stored, not produced now" for key in stored if key not in fresh]
    problems += [f"{_name(key)}: produced now, not stored" for key in fresh if key not in stored]
    for key, old in stored.items():
        new = fresh.get(key)
        if new is None:
            continue
        for field, tol in _tolerances(old, tolerance).items():
            if field not in old and field not in new:
                continue
            if field not in old or field not in new:
                problems.append(f"{_name(key)}: {field} is {'not stored' if field not in old else 'not produced now'}")
            elif not _close(old[field], new[field], tol):
                problems.append(f"{_name(key)}: {field} is {old[field]} stored, {new[field]} now (tolerance {tol:g})")
    return problems


def run_quick(name: str, out=None) -> Path:
    """Run benchmark ``name``'s ``QUICK`` configuration on one torch thread (as the benchmarks' runs) into
    ``out`` (default: the stored :func:`vigen.report.reproduction_path`), recording ``python -m vigen.bench
    NAME *QUICK`` as its command; returns the path written."""
    module = importlib.import_module(f"vigen.bench.{name}")
    out = Path(reproduction_path(name) if out is None else out)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with io.command([name, *module.QUICK]):
            rc = module.main([*module.QUICK, "--out", str(out)]) or 0
    finally:
        torch.set_num_threads(threads)
    if rc:
        raise RuntimeError(f"bench {name} {' '.join(module.QUICK)} failed with exit code {rc}")
    return out


def load_rows(path) -> list:
    """The ``rows`` of a results file."""
    return json.loads(Path(path).read_text())["rows"]
