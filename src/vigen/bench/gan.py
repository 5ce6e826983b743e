"""``python -m vigen.bench gan``: mode coverage of the non-saturating GAN and the VI-regularised GAN.

The protocol of :mod:`vigen.bench.mode_coverage` (the book's evaluation protocol): ring-8 and grid-25,
2500 samples G(z), modes / HQ / reverse KL, seeds 0-9.  Both models use the
presets of :data:`vigen.models.gan.PRESETS`: the same networks and number of D-steps.
Writes ``book/results/gan.json`` and the samples under ``book/results/samples/``.

``--sweep`` instead tunes on the separate seeds 100, 101, ...: the GAN's learning
rate (and K generator steps without the penalty), and the VI-GAN's λ on a grid of
λ·spread² (the same four values on both datasets); it writes
``book/results/gan_sweep.json`` and no samples.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from functools import partial
from pathlib import Path

import torch

from vigen.bench.io import Timer, write_results
from vigen.bench.mode_coverage import N_SAMPLES, TrainedRun, arg_parser, run_grid, run_sweep
from vigen.bench.reproduce import with_steps
from vigen.models import gan
from vigen.report import results_path, summarize_results


def trainer(spec, seed: int, *, model: str = "vigan", cfg: gan.GANConfig | None = None,
            steps: int | None = None) -> TrainedRun:
    """A trainer of :mod:`vigen.bench.mode_coverage`: train ``model`` (default: its preset) on ``spec``
    (for ``steps`` steps if given), return 2500 samples G(z) drawn with seed 10000 + ``seed``."""
    cfg = with_steps(gan.PRESETS[(model, spec.name)] if cfg is None else cfg, steps)
    net, _ = gan.fit_gan(cfg, spec, seed=seed, progress=False, device="cpu")
    return TrainedRun(net.sample(N_SAMPLES, seed=10_000 + seed), {})


TRAINERS = {"gan": partial(trainer, model="gan"), "vigan": partial(trainer, model="vigan")}

QUICK = ("--seeds", "1", "--datasets", "ring8", "--steps", "50", "--jobs", "1")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): both presets on ring-8, seed 0, 50 of their 3000 steps."""

REPRODUCE_TOLERANCE = {"modes": 3, "hq": 0.02, "rev_kl": 0.1}
"""What ``tests/test_reproduction.py`` compares, with its absolute tolerance.  One-thread CPU runs are
bit-identical on one machine (two runs agree in every field), but float reductions round differently on
another CPU type, and adversarial training amplifies that: multiplying the initial weights by 1 + 1e-7 noise
(about one rounding; 6 draws) moved HQ by up to 0.002 and the reverse KL by up to 0.025 (the plain GAN) after
these 50 steps, but by 0.07 and 0.9 after 300, hence the short run; 0.02 and 0.1 leave a margin.  ``modes``
counts the modes with at least one sample within 3 std, and after a short run only a few samples are: one
sample moved it by up to 2, so it gets 3 and stands only against a broken count; HQ and the reverse KL carry
the check."""

SWEEP_LR = (3e-4, 1e-3, 3e-3)          # the plain GAN's learning rate, the first suspect of a feasibility run
SWEEP_LAM_SPREAD2 = (0.25, 1.0, 4.0, 16.0)  # λ·spread²: a factor 4 apart, around the feasibility run's values
SWEEP_SEEDS = 100                       # sweep seeds start here, apart from the reported 0-9


def sweep_run(spec, seed, *, model: str, lr: float | None = None, lam_spread2: float | None = None,
              g_steps: int | None = None):
    """One sweep point: the preset of (model, dataset) with lr, λ·spread² or K replaced."""
    cfg = gan.PRESETS[(model, spec.name)]
    if lr is not None:
        cfg = replace(cfg, train=replace(cfg.train, lr=lr))
    if lam_spread2 is not None:
        cfg = replace(cfg, lam=lam_spread2 / gan.data_spread(spec) ** 2)
    if g_steps is not None:
        cfg = replace(cfg, g_steps=g_steps)
    return trainer(spec, seed, model=model, cfg=cfg)


def sweep_trainers() -> dict:
    """Sweep points by name: ``gan_lr*``, ``gan_k*`` (K steps, no penalty), ``vigan_lam*``."""
    k = gan.PRESETS[("vigan", "ring8")].g_steps
    out = {f"gan_lr{lr:g}": partial(sweep_run, model="gan", lr=lr) for lr in SWEEP_LR}
    out[f"gan_k{k}"] = partial(sweep_run, model="gan", g_steps=k)
    out.update({f"vigan_lam{v:g}": partial(sweep_run, model="vigan", lam_spread2=v) for v in SWEEP_LAM_SPREAD2})
    return out


def sweep(args) -> int:
    """Run every sweep point on the sweep seeds and write ``gan_sweep.json`` (no samples)."""
    seeds = list(range(SWEEP_SEEDS, SWEEP_SEEDS + args.seeds))
    trainers = sweep_trainers()
    with Timer() as total:
        rows = run_sweep("gan_sweep", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs,
                         log=lambda line: print(line, flush=True))
    out = Path(args.out if args.out != str(results_path("gan")) else results_path("gan_sweep"))
    earlier = {}
    if out.exists():  # keep the stored rows of the datasets not re-run now, with the settings they ran with
        stored = json.loads(out.read_text())
        kept = [r for r in stored["rows"] if r["dataset"] not in args.datasets]
        rows, earlier = kept + rows, ({"earlier_run": stored["settings"]} if kept else {})
    summary = summarize_results("gan_sweep", rows)
    settings = {"seeds": seeds, "datasets": args.datasets, "lr": list(SWEEP_LR),
                "lam_spread2": list(SWEEP_LAM_SPREAD2), "score": "mean modes / n_modes + mean HQ - mean reverse KL",
                "jobs": args.jobs, "base_presets": gan.bench_settings(),
                "note": "timings inflated by other jobs on 2 shared cores", **earlier}
    path = write_results(out, settings=settings, rows=rows, seconds=total.seconds, summary=summary)
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0


def main(argv=None) -> int:
    parser = arg_parser("gan", TRAINERS, __doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="tune on seeds 100+ and write gan_sweep.json")
    args = parser.parse_args(argv)
    if args.sweep:
        if args.steps is not None:
            parser.error("--steps does not apply to --sweep")
        return sweep(args)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    quick = args.steps is not None        # a cheap check: its own file, no samples
    trainers = {m: partial(TRAINERS[m], steps=args.steps) if quick else TRAINERS[m] for m in args.models}
    torch.set_num_threads(1)              # tiny networks: one thread per run (workers do the same)
    with Timer() as total:
        rows = run_grid("gan", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs, save=not quick)
    out, seconds = Path(args.out), total.seconds
    if out.exists() and not quick:  # keep the stored rows of the configurations not re-run now, and count their time
        stored = json.loads(out.read_text())
        ran = {(r["model"], r["dataset"]) for r in rows}
        kept = [r for r in stored["rows"] if (r["model"], r["dataset"]) not in ran]
        rows, seconds = kept + rows, seconds + (stored["seconds"] if kept else 0.0)
    settings = {"protocol": f"{N_SAMPLES} samples G(z), z ~ N(0, I); HQ within 3 std of the nearest mode",
                "seeds": seeds, "jobs": args.jobs, "cpu_count": os.cpu_count(),
                "torch_threads_per_run": 1,
                "configs": gan.bench_settings(),
                "note": "2 CPU cores shared with other jobs: seconds are inflated"}
    if quick:
        settings["steps"] = args.steps    # instead of the configs' train.steps
    path = write_results(out, settings=settings, rows=rows, seconds=seconds, summary=summarize_results("gan", rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0
