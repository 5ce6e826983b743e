"""``python -m vigen.bench gan_dsteps``: is a discriminator trained closer to its optimum harmful?

Su argues that the D-step may be trained to optimality, because the G-step is derived at D = D*.
This benchmark trains each configuration of :data:`vigen.models.gan.SIDE_PRESETS` (the plain GAN and the VI-GAN
of the first sweep, on ring-8 and grid-25) with 1 and with 5 discriminator steps per training step, each on a
fresh batch; the number of training steps, and so of generator phases, stays the configuration's.  Seeds 0, 1, 2;
writes ``book/results/gan_dsteps.json``.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from vigen.bench.gan import REPRODUCE_TOLERANCE as GAN_TOLERANCE
from vigen.bench.gan import trainer
from vigen.bench.mode_coverage import run_and_write, side_parser
from vigen.bench.reproduce import with_steps
from vigen.models import gan

D_STEPS = (1, 5)
"""Discriminator steps per training step."""

QUICK = ("--seeds", "1", "--datasets", "ring8", "--d-steps", "2", "--steps", "50", "--jobs", "1")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): both presets with 2 D-steps on ring-8, seed 0, 50 steps."""

REPRODUCE_TOLERANCE = GAN_TOLERANCE
"""As ``bench gan`` (:data:`vigen.bench.gan.REPRODUCE_TOLERANCE`): the same training, chaotic across CPU types."""


def dsteps_run(spec, seed, *, model: str, d_steps: int, steps: int | None = None):
    """A trainer: the side preset of (model, dataset) with ``d_steps`` discriminator steps per step
    (and ``steps`` training steps if given)."""
    cfg = with_steps(replace(gan.SIDE_PRESETS[(model, spec.name)], d_steps=d_steps), steps)
    run = trainer(spec, seed, cfg=cfg)
    return run._replace(extras={"d_steps": d_steps})


def main(argv=None) -> int:
    parser = side_parser("gan_dsteps", __doc__.splitlines()[0])
    parser.add_argument("--d-steps", nargs="+", type=int, default=list(D_STEPS))
    args = parser.parse_args(argv)
    seeds = list(range(args.seeds))
    budget = {} if args.steps is None else {"steps": args.steps}
    tasks = [("gan_dsteps", f"{model}_d{k}", partial(dsteps_run, model=model, d_steps=k, **budget), d, seed)
             for model in ("gan", "vigan") for k in args.d_steps for d in args.datasets for seed in seeds]
    settings = {"d_steps": args.d_steps, "seeds": seeds, "datasets": args.datasets,
                "base_presets": gan.bench_settings(gan.SIDE_PRESETS),
                "note": "each discriminator step on its own fresh batch; generator phases as in the preset"}
    if args.steps is not None:
        settings["steps"] = args.steps    # instead of the presets' train.steps
    return run_and_write("gan_dsteps", tasks, settings, jobs=args.jobs, out=args.out)
