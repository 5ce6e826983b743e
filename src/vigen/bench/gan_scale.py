"""``python -m vigen.bench gan_scale``: does λ transfer when the same data are stretched or shrunk?

Chapter 4 asks which λ of the VI-GAN's penalty λ‖G(z) − G°(z)‖² carries over when ring-8 or
grid-25 is multiplied by a factor s (:func:`vigen.core.data.stretched`): the same data in other units.
Each dataset's configuration of :data:`vigen.models.gan.SIDE_PRESETS` is run on copies stretched by each
factor, for the plain GAN and for the VI-GAN with λ·s^k, k = 0, -1, -2 (k = -2 keeps λ·spread² fixed, the
penalty's value for a generator that is stretched with the data).  Everything else, the learning
rate included, stays as in the configuration.  Seeds 0, 1, 2; writes ``results/gan_scale.json``.
The unstretched data (s = 1) are the one-D-step runs of ``bench gan_dsteps`` on the same seeds, which are the
same configurations, so the default factors leave them out (``--factors 1`` runs them again).
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from vigen.bench.gan import REPRODUCE_TOLERANCE as GAN_TOLERANCE
from vigen.bench.gan import trainer
from vigen.bench.mode_coverage import run_and_write, side_parser
from vigen.bench.reproduce import with_steps
from vigen.core.data import DATASETS, stretched
from vigen.models import gan

FACTORS = (0.25, 4.0)
"""Stretch factors s of the data; s = 1 is the dataset itself, already run by ``bench gan_dsteps``."""

LAM_POWERS = (0, -1, -2)
"""The VI-GAN runs with λ·s^k for these k."""

QUICK = ("--seeds", "1", "--datasets", "ring8", "--factors", "4", "--steps", "50", "--jobs", "1")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): the four variants on ring-8 stretched by 4, seed 0,
50 steps."""

REPRODUCE_TOLERANCE = GAN_TOLERANCE
"""As ``bench gan`` (:data:`vigen.bench.gan.REPRODUCE_TOLERANCE`): the same training, chaotic across CPU types."""


def scaled_run(spec, seed, *, base: str, model: str, factor: float, lam_power: int = 0, steps: int | None = None):
    """A trainer: the side preset of (model, base) on ``spec`` (= ``base`` stretched by ``factor``),
    with the VI-GAN's λ multiplied by factor**lam_power (and ``steps`` training steps if given)."""
    cfg = with_steps(gan.SIDE_PRESETS[(model, base)], steps)
    if model == "vigan":
        cfg = replace(cfg, lam=cfg.lam * factor ** lam_power)
    return trainer(spec, seed, cfg=cfg)._replace(extras={"factor": factor, "lam": cfg.lam})


def variants(factor: float) -> dict:
    """Run name -> (model, λ power) at one factor; at s = 1 the λ powers coincide, so one VI-GAN run."""
    out = {"gan": ("gan", 0)}
    for k in (LAM_POWERS if factor != 1 else (0,)):
        out["vigan" if k == 0 else f"vigan_lam_s{k}"] = ("vigan", k)
    return out


def tasks(datasets, factors, seeds, steps: int | None = None) -> list:
    """Every (variant, stretched dataset, seed) as a task of :func:`vigen.bench.mode_coverage.run_tasks`
    (with ``steps`` training steps instead of the presets' if given)."""
    out, budget = [], {} if steps is None else {"steps": steps}
    for base in datasets:
        for s in factors:
            spec = stretched(DATASETS[base], s)
            for name, (model, k) in variants(s).items():
                trainer = partial(scaled_run, base=base, model=model, factor=s, lam_power=k, **budget)
                out += [("gan_scale", name, trainer, spec, seed) for seed in seeds]
    return out


def main(argv=None) -> int:
    parser = side_parser("gan_scale", __doc__.splitlines()[0])
    parser.add_argument("--factors", nargs="+", type=float, default=list(FACTORS))
    args = parser.parse_args(argv)
    seeds = list(range(args.seeds))
    settings = {"factors": args.factors, "lam_powers": list(LAM_POWERS), "seeds": seeds,
                "datasets": args.datasets, "base_presets": gan.bench_settings(gan.SIDE_PRESETS),
                "note": "the side presets on stretched copies; only λ changes with the factor"}
    if args.steps is not None:
        settings["steps"] = args.steps    # instead of the presets' train.steps
    return run_and_write("gan_scale", tasks(args.datasets, args.factors, seeds, args.steps), settings, jobs=args.jobs,
                         out=args.out)
