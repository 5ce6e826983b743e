"""``python -m vigen.bench gan``: mode coverage of the non-saturating GAN, PacGAN2, PacGAN4 and the VI-GAN.

The protocol of :mod:`vigen.bench.mode_coverage` (the book's evaluation protocol): ring-8 and grid-25,
2500 samples G(z), modes / HQ / reverse KL, seeds 0-9.  Every model uses its preset of
:data:`vigen.models.gan.PRESETS`: the same networks and the same number of D-steps (the same budget).
Writes ``results/gan.json`` and the samples under ``results/samples/``; ``--models`` re-runs some models
and keeps the stored rows of the others.

``--sweep`` instead tunes on the separate seeds 100-102 (:func:`sweep_knobs`): the learning rate of the GAN,
PacGAN2 and PacGAN4, the GAN with the VI-GAN's generator steps and no penalty (a control), and the VI-GAN's
λ·spread², learning rate and generator steps, one at a time through its preset; it writes
``results/gan_sweep.json`` and no samples.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from functools import partial
from pathlib import Path

import torch

from vigen.bench.io import Timer, merge_with_stored, write_results
from vigen.bench.mode_coverage import N_SAMPLES, TrainedRun, arg_parser, run_grid, run_tasks
from vigen.bench.reproduce import with_steps
from vigen.core.data import DATASETS
from vigen.models import gan
from vigen.report import results_path, summarize_results


def trainer(spec, seed: int, *, model: str = "vigan", cfg: gan.GANConfig | None = None,
            steps: int | None = None) -> TrainedRun:
    """A trainer of :mod:`vigen.bench.mode_coverage`: train ``model`` (default: its preset) on ``spec``
    (for ``steps`` steps if given), return 2500 samples G(z) drawn with seed 10000 + ``seed``."""
    cfg = with_steps(gan.PRESETS[(model, spec.name)] if cfg is None else cfg, steps)
    net, _ = gan.fit_gan(cfg, spec, seed=seed, progress=False, device="cpu")
    return TrainedRun(net.sample(N_SAMPLES, seed=10_000 + seed), {})


TRAINERS = {m: partial(trainer, model=m) for m in ("gan", "pacgan2", "pacgan4", "vigan")}
"""The benchmark's models, each with its preset of :data:`vigen.models.gan.PRESETS`."""

QUICK = ("--seeds", "1", "--datasets", "ring8", "--steps", "50", "--jobs", "1")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): every preset on ring-8, seed 0, 50 of its 3000 steps."""

REPRODUCE_TOLERANCE = {"modes": 3, "hq": 0.02, "rev_kl": 0.1}
"""What ``tests/test_reproduction.py`` compares, with its absolute tolerance.  One-thread CPU runs are
bit-identical on one machine (two runs agree in every field), but float reductions round differently on
another CPU type, and adversarial training amplifies that: multiplying the initial weights by 1 + 1e-7 noise
(about one rounding; 6 draws) moved HQ by up to 0.002 and the reverse KL by up to 0.025 (the plain GAN) after
these 50 steps, but by 0.07 and 0.9 after 300, hence the short run; 0.02 and 0.1 leave a margin.  ``modes``
counts the modes with at least one sample within 3 std, and after a short run only a few samples are: one
sample moved it by up to 2, so it gets 3 and stands only against a broken count; HQ and the reverse KL carry
the check."""

SWEEP_LR = (3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
"""The learning rates tried for the GAN, PacGAN2 and PacGAN4 (their one knob), a factor about 3 apart.  The
first round tried 1e-3 to 1e-2; two PacGAN winners sat at an edge, so the grid grew by one value at each end."""

VIGAN_AXES = {"lam_spread2": (0.25, 1.0, 4.0, 16.0, 64.0), "lr": (3e-4, 1e-3, 3e-3, 1e-2), "g_steps": (2, 3, 5)}
"""The VI-GAN's three knobs: λ·spread² a factor 4 apart, the learning rate a factor about 3 apart, and the
generator steps per snapshot (2 is the fewest the penalty allows).  The sweep varies one knob at a time through
the centre (the preset), so a preset is the sweep's choice when it is the best point on each of its three axes
(a coordinate-wise optimum).  The first round's centres were the earlier presets (λ·spread² 1 and 16, lr 1e-3,
3 steps); the presets moved to its winners and a second round (``--resume``) ran the axes through them, with
the learning rate grown to 1e-2 where its winner sat at the edge; a third round ran the axes through the best
point evaluated by then, which became the preset."""

SWEEP_PACKS = (1, 2, 4)   # GAN, PacGAN2, PacGAN4
SWEEP_SEEDS = 100         # sweep seeds start here, apart from the reported 0-9
SWEEP_N_SEEDS = 3         # seeds per sweep point


def vigan_centre(dataset: str) -> dict:
    """The VI-GAN preset of ``dataset`` as sweep coordinates ``{"lam_spread2", "lr", "g_steps"}``."""
    cfg = gan.PRESETS[("vigan", dataset)]
    return {"lam_spread2": round(cfg.lam * gan.data_spread(DATASETS[dataset]) ** 2, 6), "lr": cfg.train.lr,
            "g_steps": cfg.g_steps}


def point_name(model: str, *, lr: float, lam_spread2: float = 0.0, g_steps: int = 1) -> str:
    """A sweep point's name: ``gan_lr0.003``, ``pacgan4_lr0.01``, ``gan_k3_lr0.003`` or ``vigan_lam16_lr0.001_k3``."""
    if model == "vigan":
        return f"vigan_lam{lam_spread2:g}_lr{lr:g}_k{g_steps}"
    return f"{model}_k{g_steps}_lr{lr:g}" if g_steps != 1 else f"{model}_lr{lr:g}"


def sweep_run(spec, seed, *, pack: int = 1, lr: float, lam_spread2: float = 0.0, g_steps: int = 1):
    """One sweep point: the benchmark's networks and budget on ``spec`` with these knobs
    (``lam_spread2`` = λ·spread², so λ = lam_spread2 / spread²)."""
    base = gan.PRESETS[("gan", spec.name)]
    cfg = replace(base, lam=lam_spread2 / gan.data_spread(spec) ** 2, g_steps=g_steps, pack=pack,
                  train=replace(base.train, lr=lr))
    return trainer(spec, seed, cfg=cfg)


def sweep_knobs(dataset: str) -> dict:
    """The sweep points of ``dataset``: ``{name: knobs}`` (:func:`point_name`; the knobs of :func:`sweep_run`).

    Each of GAN, PacGAN2, PacGAN4 at every learning rate of :data:`SWEEP_LR`; the GAN with the VI-GAN's
    generator steps and no penalty (a control, at the GAN preset's learning rate); and the VI-GAN along the
    three axes of :data:`VIGAN_AXES` through its preset."""
    out = {}
    for pack in SWEEP_PACKS:
        model = "gan" if pack == 1 else f"pacgan{pack}"
        for lr in SWEEP_LR:
            out[point_name(model, lr=lr)] = {"pack": pack, "lr": lr, "lam_spread2": 0.0, "g_steps": 1}
    centre = vigan_centre(dataset)
    lr_gan = gan.PRESETS[("gan", dataset)].train.lr
    out[point_name("gan", lr=lr_gan, g_steps=centre["g_steps"])] = {"pack": 1, "lr": lr_gan, "lam_spread2": 0.0,
                                                                    "g_steps": centre["g_steps"]}
    for axis, values in VIGAN_AXES.items():
        for v in values:
            knobs = {**centre, axis: v}
            out[point_name("vigan", **knobs)] = {"pack": 1, **knobs}
    return out


def sweep_points(dataset: str) -> dict:
    """The trainers of :func:`sweep_knobs`, by name (picklable, for the worker processes)."""
    return {name: partial(sweep_run, **knobs) for name, knobs in sweep_knobs(dataset).items()}


def sweep(args) -> int:
    """Run every sweep point on the sweep seeds and write ``gan_sweep.json`` (no samples).

    Stored rows of points not run now are kept; ``--resume`` skips the (point, dataset, seed) already stored
    (a second round through a moved centre re-runs nothing it has)."""
    seeds = list(range(SWEEP_SEEDS, SWEEP_SEEDS + args.seeds))
    out = Path(args.out if args.out != str(results_path("gan")) else results_path("gan_sweep"))
    stored = json.loads(out.read_text()) if out.exists() else {"rows": [], "settings": {}}
    done = {(r["model"], r["dataset"], r["seed"]) for r in stored["rows"]} if args.resume else set()
    tasks = [("gan_sweep", name, t, d, s) for d in args.datasets for name, t in sweep_points(d).items()
             for s in seeds if (name, d, s) not in done]
    with Timer() as total:
        rows = run_tasks(tasks, jobs=args.jobs, log=lambda line: print(line, flush=True))
    knobs = {(name, d): k for d in args.datasets for name, k in sweep_knobs(d).items()}
    rows = [{**r, **knobs[(r["model"], r["dataset"])]} for r in rows]   # the summary groups by the knobs too
    rows, earlier, stored_seconds = merge_with_stored(stored, rows, lambda r: (r["model"], r["dataset"], r["seed"]))
    settings = {"seeds": seeds, "datasets": args.datasets, "lr_gan_pacgan": list(SWEEP_LR),
                "vigan_axes": {k: list(v) for k, v in VIGAN_AXES.items()},
                "vigan_centres": {d: vigan_centre(d) for d in args.datasets},
                "score": "mean modes / n_modes + mean HQ - mean reverse KL",
                "jobs": args.jobs, "base_presets": gan.bench_settings(), **earlier}
    path = write_results(out, settings=settings, rows=rows, seconds=total.seconds + stored_seconds,
                         summary=summarize_results("gan_sweep", rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0


def main(argv=None) -> int:
    parser = arg_parser("gan", TRAINERS, __doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="tune on seeds 100+ and write gan_sweep.json")
    parser.add_argument("--resume", action="store_true", help="with --sweep: skip the runs already stored")
    parser.set_defaults(seeds=None)
    args = parser.parse_args(argv)
    if args.sweep:
        args.seeds = args.seeds or SWEEP_N_SEEDS
        if args.steps is not None:
            parser.error("--steps does not apply to --sweep")
        return sweep(args)
    seeds = list(range(args.first_seed, args.first_seed + (args.seeds or 10)))
    quick = args.steps is not None        # a cheap check: its own file, no samples
    trainers = {m: partial(TRAINERS[m], steps=args.steps) if quick else TRAINERS[m] for m in args.models}
    torch.set_num_threads(1)              # tiny networks: one thread per run (workers do the same)
    with Timer() as total:
        rows = run_grid("gan", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs, save=not quick)
    out, seconds = Path(args.out), total.seconds
    if out.exists() and not quick:  # keep the stored rows of the configurations not re-run now, and count their time
        rows, _, stored_seconds = merge_with_stored(json.loads(out.read_text()), rows,
                                                    lambda r: (r["model"], r["dataset"]))
        seconds += stored_seconds
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
