"""``python -m vigen.bench gan_dsteps``: is a discriminator trained closer to its optimum harmful?

Su argues that the D-step may be trained to optimality, because the G-step is derived at D = D*.
This benchmark trains each preset of :data:`vigen.gan.PRESETS` (the plain GAN and the VI-GAN, on
ring-8 and grid-25) with 1 and with 5 discriminator steps per training step, each on a fresh batch;
the number of training steps, and so of generator phases, stays the preset's.  Seeds 0, 1, 2;
writes ``book/results/gan_dsteps.json``.
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from functools import partial

import torch

from .. import gan
from ..data import DATASETS
from ._modes import N_SAMPLES, TrainedRun, run_tasks, summarize
from .io import Timer, results_path, write_results

D_STEPS = (1, 5)
"""Discriminator steps per training step."""


def dsteps_run(spec, seed, *, model: str, d_steps: int):
    """A trainer: the preset of (model, dataset) with ``d_steps`` discriminator steps per step."""
    cfg = replace(gan.PRESETS[(model, spec.name)], d_steps=d_steps)
    net, _ = gan.fit_gan(cfg, spec, seed=seed, progress=False, device="cpu")
    return TrainedRun(net.sample(N_SAMPLES, seed=10_000 + seed), {"d_steps": d_steps})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigen.bench gan_dsteps", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0..N-1 per configuration (default 3)")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--d-steps", nargs="+", type=int, default=list(D_STEPS))
    parser.add_argument("--jobs", type=int, default=2, help="parallel runs, one torch thread each")
    parser.add_argument("--out", default=str(results_path("gan_dsteps")))
    args = parser.parse_args(argv)
    seeds = list(range(args.seeds))
    tasks = [("gan_dsteps", f"{model}_d{k}", partial(dsteps_run, model=model, d_steps=k), d, seed)
             for model in ("gan", "vigan") for k in args.d_steps for d in args.datasets for seed in seeds]
    torch.set_num_threads(1)
    with Timer() as total:
        rows = run_tasks(tasks, jobs=args.jobs, log=lambda line: print(line, flush=True))
    settings = {"d_steps": args.d_steps, "seeds": seeds, "datasets": args.datasets, "jobs": args.jobs,
                "base_presets": gan.bench_settings(),
                "note": "each discriminator step on its own fresh batch; generator phases as in the preset"}
    path = write_results(args.out, settings=settings, rows=rows, seconds=total.seconds, summary=summarize(rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0
