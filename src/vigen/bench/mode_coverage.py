"""The mode-collapse protocol shared by ``bench gan`` and ``bench aae_ali`` (the book's evaluation protocol).

A *trainer* is a module-level function ``trainer(spec, seed) -> TrainedRun``: it
trains one model on the 2-D dataset ``spec`` with ``seed`` and returns its
2500 generated samples (plus extra numbers such as a reconstruction error).
:func:`run_grid` runs every (model, dataset, seed), scores the samples with
:func:`vigen.metrics.modes.mode_scores`, saves them as
``results/samples/<bench>_<model>_<dataset>_<seed>.npy`` and returns one row
each; :func:`vigen.report.summarize_results` gives their mean ± standard error over seeds.
"""
from __future__ import annotations

import argparse
import math
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Callable, NamedTuple

import numpy as np
import torch

from vigen.bench.io import Timer, write_results
from vigen.core.data import DATASETS, MixtureSpec
from vigen.metrics.modes import mode_scores
from vigen.report import results_path, samples_path, summarize, summarize_results  # noqa: F401 (summarize, for callers)

__all__ = ["N_SAMPLES", "TrainedRun", "run_one", "score_fields", "run_grid", "run_sweep", "run_tasks", "side_parser",
           "run_and_write", "arg_parser"]

N_SAMPLES = 2500
"""Generated samples scored per run (the protocol's number)."""


class TrainedRun(NamedTuple):
    """What a trainer returns: ``N_SAMPLES`` generated points and extra named numbers."""

    samples: torch.Tensor
    extras: dict


def run_one(bench: str, model: str, trainer: Callable, dataset: str | MixtureSpec, seed: int, *,
            save: bool = True) -> dict:
    """Train, score and (optionally) save one run; returns its row.

    ``dataset`` is a name of ``vigen.core.data.DATASETS`` or a :class:`MixtureSpec` such as a
    :func:`vigen.core.data.stretched` copy; the samples are scored against that spec's modes.
    """
    spec: MixtureSpec = dataset if isinstance(dataset, MixtureSpec) else DATASETS[dataset]
    dataset = spec.name
    with Timer() as t:
        run = trainer(spec, seed)
    samples = run.samples.detach().cpu().double()
    if samples.shape != (N_SAMPLES, 2):
        raise ValueError(f"{model} returned samples of shape {tuple(samples.shape)}, expected ({N_SAMPLES}, 2)")
    scores = mode_scores(samples, spec)
    if save:
        path = samples_path(bench, model, dataset, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, samples.float().numpy())
    row = {"model": model, "dataset": dataset, "seed": seed, **score_fields(scores), "seconds": round(t.seconds, 1)}
    row.update({k: round(float(v), 4) for k, v in run.extras.items()})
    return row


def score_fields(scores) -> dict:
    """A row's fields for :class:`vigen.metrics.modes.ModeScores`, rounded as stored; ``rev_kl_hq`` (PacGAN's
    reverse KL, of the high-quality samples' histogram) is None when no sample is of high quality."""
    hq_kl = None if math.isnan(scores.rev_kl_hq) else round(scores.rev_kl_hq, 4)
    return {"modes": scores.modes, "hq": round(scores.hq, 4), "rev_kl": round(scores.rev_kl, 4), "rev_kl_hq": hq_kl}


def _worker(args, save: bool = True):
    torch.set_num_threads(1)
    return run_one(*args, save=save)


def run_grid(bench: str, trainers: dict, *, datasets, seeds, jobs: int = 1, log=print, save: bool = True) -> list:
    """Every (model, dataset, seed) of the grid, in that order; ``jobs > 1`` runs them in
    that many processes of one torch thread each (rows come back in grid order).
    ``save=False`` keeps no samples (a cheap check must not replace the book's)."""
    tasks = [(bench, m, trainers[m], d, s) for m in trainers for d in datasets for s in seeds]
    if jobs == 1:
        rows = []
        for task in tasks:
            rows.append(run_one(*task, save=save))
            log(_describe(rows[-1]))
        return rows
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = []
        for row in pool.map(partial(_worker, save=save), tasks):
            rows.append(row)
            log(_describe(row))
    return rows


def _sweep_worker(task):
    torch.set_num_threads(1)
    return run_one(*task, save=False)


def run_sweep(bench: str, trainers: dict, *, datasets, seeds, jobs: int, log=print) -> list:
    """Every (sweep point, dataset, seed) in ``jobs`` processes of one torch thread each, scored but
    not saved (a sweep keeps no samples); one row each, in grid order."""
    tasks = [(bench, m, trainers[m], d, s) for m in trainers for d in datasets for s in seeds]
    return run_tasks(tasks, jobs=jobs, log=log)


def run_tasks(tasks: list, *, jobs: int, log=print) -> list:
    """Run ``(bench, model, trainer, dataset, seed)`` tasks as :func:`run_one` without saving samples,
    in ``jobs`` processes of one torch thread each; one row each, in task order."""
    rows = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for row in pool.map(_sweep_worker, tasks):
            rows.append(row)
            log(_describe(row))
    return rows


def _describe(row: dict) -> str:
    return (f"{row['model']:>14} {row['dataset']:>6} seed {row['seed']}: modes {row['modes']}, "
            f"HQ {100 * row['hq']:.1f}%, revKL {row['rev_kl']:.3f} ({row['seconds']:.0f} s)")


_STEPS_HELP = ("training steps instead of the presets' (default: theirs); a cheap check such as the benchmark's "
              "QUICK configuration: no samples are saved and no stored rows at --out are kept")


def side_parser(bench: str, description: str) -> argparse.ArgumentParser:
    """The options of a 3-seed side experiment (``bench gan_dsteps``, ``bench gan_scale``):
    seeds, datasets, steps, jobs, out; the caller adds its own grid."""
    parser = argparse.ArgumentParser(prog=f"python -m vigen.bench {bench}", description=description)
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0..N-1 per configuration (default 3)")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--steps", type=int, help=_STEPS_HELP)
    parser.add_argument("--jobs", type=int, default=2, help="parallel runs, one torch thread each")
    parser.add_argument("--out", default=str(results_path(bench)), help="where to write the JSON")
    return parser


def run_and_write(bench: str, tasks: list, settings: dict, *, jobs: int, out) -> int:
    """Run ``tasks`` (:func:`run_tasks`), then write their rows, the settings and their
    :func:`vigen.report.summarize_results` summary (as benchmark ``bench``) to ``out``; returns 0."""
    torch.set_num_threads(1)
    with Timer() as total:
        rows = run_tasks(tasks, jobs=jobs, log=lambda line: print(line, flush=True))
    path = write_results(out, settings={**settings, "jobs": jobs}, rows=rows, seconds=total.seconds,
                         summary=summarize_results(bench, rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0


def arg_parser(bench: str, models, description: str) -> argparse.ArgumentParser:
    """The options every mode benchmark takes: seeds, datasets, models, steps, jobs, out."""
    parser = argparse.ArgumentParser(prog=f"python -m vigen.bench {bench}", description=description)
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 per configuration (default 10)")
    parser.add_argument("--first-seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--models", nargs="+", default=list(models), choices=list(models))
    parser.add_argument("--steps", type=int, help=_STEPS_HELP)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="parallel runs, one torch thread each (default: 2 or the core count)")
    parser.add_argument("--out", default=str(results_path(bench)), help="where to write the JSON")
    return parser
