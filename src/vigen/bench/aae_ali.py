"""``python -m vigen.bench aae_ali``: mode coverage of the AAE and of ALI's three objectives.

The protocol of :mod:`vigen.bench.mode_coverage`: ring-8 and grid-25, 2500 samples G(z)
with z drawn from the prior, modes / HQ / reverse KL, 10 seeds each;
``recon_error`` is the mean squared distance ||x - G(E(x))||² on fresh data.
Writes ``book/results/aae_ali.json`` and the samples under
``book/results/samples/``.  Running a subset of ``--models`` keeps the stored
rows of the other models.

``--sweep`` instead tunes ALI on the separate seeds 100 and 101, on grid-25 (its defaults): every
objective of :data:`vigen.models.ali.OBJECTIVES` on the same grid of learning rates and
numbers of steps around :data:`vigen.models.ali.BASE`; it writes
``book/results/ali_sweep.json`` and no samples.
"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from pathlib import Path

import torch

from vigen.bench.io import Timer, merge_with_stored, write_results
from vigen.bench.mode_coverage import N_SAMPLES, TrainedRun, arg_parser, run_grid, run_sweep
from vigen.bench.reproduce import with_steps
from vigen.core.data import DATASETS, MixtureSpec, sample_mixture
from vigen.models import aae, ali
from vigen.report import results_path, summarize_results


def aae_trainer(spec: MixtureSpec, seed: int, *, steps: int | None = None) -> TrainedRun:
    """Train the AAE preset :data:`vigen.models.aae.BENCH` on ``spec`` (for ``steps`` steps if given); 2500
    samples G(z), z ~ q(z), and the reconstruction error on 2500 fresh points (seeded by 10000 + ``seed``)."""
    model, _ = aae.fit_aae(with_steps(aae.BENCH, steps), spec, seed=seed, progress=False, device="cpu")
    fresh = sample_mixture(spec, N_SAMPLES, seed=10_000 + seed)
    return TrainedRun(model.sample(N_SAMPLES, seed=seed), {"recon_error": model.recon_error(fresh)})


def ali_trainer(spec: MixtureSpec, seed: int, *, objective: str, cfg: ali.ALIConfig | None = None,
                steps: int | None = None) -> TrainedRun:
    """Train ALI on ``spec`` with ``cfg`` (default: the preset of ``objective``, :data:`vigen.models.ali.PRESETS`),
    for ``steps`` steps if given.

    The run's 2500 samples are G(z), z ~ N(0, I); ``extras["recon_error"]`` is
    E ||x - G(E(x))||² over 2500 fresh data points (seeded by 10000 + ``seed``).
    """
    if not isinstance(spec, MixtureSpec):
        raise TypeError(f"spec must be a MixtureSpec, got {type(spec).__name__}")
    if spec.name not in ("ring8", "grid25"):
        raise ValueError(f"spec must be ring8 or grid25, got {spec.name!r}")
    if objective not in ali.OBJECTIVES:
        raise ValueError(f"objective must be one of {ali.OBJECTIVES}, got {objective!r}")
    cfg = with_steps(replace(ali.PRESETS[objective] if cfg is None else cfg, objective=objective), steps)
    model, _ = ali.fit_ali(cfg, spec, seed=seed, progress=False, device="cpu")
    x_fresh = sample_mixture(spec, ali.N_RECON, seed=10_000 + seed)  # not a training stream
    return TrainedRun(model.sample(N_SAMPLES, seed=seed), {"recon_error": model.recon_error(x_fresh)})


TRAINERS = {"aae": aae_trainer} | {f"ali_{obj}": partial(ali_trainer, objective=obj) for obj in ali.OBJECTIVES}

QUICK = ("--seeds", "1", "--datasets", "ring8", "--steps", "50", "--jobs", "1")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): the AAE and the three ALI objectives on ring-8,
seed 0, 50 steps each."""

REPRODUCE_TOLERANCE = {"modes": 3, "hq": 0.02, "rev_kl": 0.1, "recon_error": 0.1}
"""What ``tests/test_reproduction.py`` compares, with its absolute tolerance: the mode metrics as in
``bench gan`` (:data:`vigen.bench.gan.REPRODUCE_TOLERANCE`: bit-identical on one machine, adversarial training
amplifies the rounding differences of another CPU type), and the squared reconstruction error (about 1 here)
within 0.1: a 1e-7 perturbation of the initial weights moved it by at most 0.001 after these 50 steps (and
HQ, the reverse KL and the modes by less than the GAN's), but by 0.04 after 100 and by 8 (Su's loss) after
300, hence the short run."""

SWEEP_LR = (5e-4, 1e-3, 2e-3)   # around the base preset's 1e-3, a factor 2 apart
SWEEP_STEPS = (1500, 3000)      # the base budget and twice it (a run stays under 90 s on one thread)
SWEEP_SEEDS = 100               # sweep seeds start here, apart from the reported 0-9
SWEEP_N_SEEDS = 2               # seeds per sweep point
SWEEP_DATASETS = ("grid25",)    # ALI's target is on grid-25


def sweep_run(spec, seed, *, objective: str, lr: float, steps: int):
    """One sweep point: :data:`vigen.models.ali.BASE` with the learning rate and the number of steps replaced."""
    cfg = replace(ali.BASE, train=replace(ali.BASE.train, lr=lr, steps=steps))
    return ali_trainer(spec, seed, objective=objective, cfg=cfg)


def sweep_trainers() -> dict:
    """Sweep points by name, ``ali_<objective>_lr<lr>_s<steps>``: the same grid for every objective."""
    return {f"ali_{obj}_lr{lr:g}_s{steps}": partial(sweep_run, objective=obj, lr=lr, steps=steps)
            for obj in ali.OBJECTIVES for lr in SWEEP_LR for steps in SWEEP_STEPS}


def sweep(args) -> int:
    """Run every sweep point on the sweep seeds and write ``ali_sweep.json`` (no samples)."""
    seeds = list(range(SWEEP_SEEDS, SWEEP_SEEDS + args.seeds))
    trainers = sweep_trainers()
    with Timer() as total:
        rows = run_sweep("ali_sweep", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs,
                         log=lambda line: print(line, flush=True))
    summary = summarize_results("ali_sweep", rows)
    settings = {"seeds": seeds, "datasets": args.datasets, "lr": list(SWEEP_LR), "steps": list(SWEEP_STEPS),
                "score": "mean modes / n_modes + mean HQ - mean reverse KL", "jobs": args.jobs,
                "base_preset": ali.bench_settings()}
    path = write_results(results_path("ali_sweep"), settings=settings, rows=rows, seconds=total.seconds,
                         summary=summary)
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0


def main(argv=None) -> int:
    parser = arg_parser("aae_ali", TRAINERS, __doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="tune ALI on seeds 100+ and write ali_sweep.json")
    parser.set_defaults(seeds=None, datasets=None)   # the sweep and the benchmark have their own defaults
    args = parser.parse_args(argv)
    if args.sweep:
        if args.steps is not None:
            parser.error("--steps does not apply to --sweep")
        args.seeds, args.datasets = args.seeds or SWEEP_N_SEEDS, args.datasets or list(SWEEP_DATASETS)
        return sweep(args)
    args.seeds, args.datasets = args.seeds or 10, args.datasets or list(DATASETS)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    quick = args.steps is not None        # a cheap check: its own file, no samples
    trainers = {m: partial(TRAINERS[m], steps=args.steps) if quick else TRAINERS[m] for m in args.models}
    with Timer() as total:
        rows = run_grid("aae_ali", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs, save=not quick)
    out = Path(args.out)
    if out.exists() and not quick:  # keep the stored rows of the configurations not re-run now (each keeps its seconds)
        rows, _, _ = merge_with_stored(json.loads(out.read_text()), rows, lambda r: (r["model"], r["dataset"]))
    settings = {"protocol": f"{N_SAMPLES} samples from the prior, HQ within 3 std of the nearest mode",
                "seeds": seeds, "jobs": args.jobs,
                "torch_threads_per_run": 1 if args.jobs > 1 else torch.get_num_threads(),
                "configs": {"aae": aae.bench_settings(), "ali": ali.bench_settings()}}
    if quick:
        settings["steps"] = args.steps    # instead of the configs' train.steps
    path = write_results(out, settings=settings, rows=rows, seconds=total.seconds,
                         summary=summarize_results("aae_ali", rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0
