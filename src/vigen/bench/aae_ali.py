"""``python -m vigen.bench aae_ali``: mode coverage of the AAE and of ALI's two objectives.

The protocol of :mod:`vigen.bench._modes` (brief section 4): ring-8 and grid-25,
2500 samples G(z) with z drawn from the prior, modes / HQ / reverse KL, 10
seeds each; ``recon_error`` is the mean squared distance ||x - G(E(x))||² on
fresh data.  Writes ``book/results/aae_ali.json`` and the samples under
``book/results/samples/``.  Running a subset of ``--models`` keeps the stored
rows of the other models.
"""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import torch

from .. import aae, ali
from . import Timer, write_results
from ._modes import N_SAMPLES, arg_parser, run_grid, summarize

TRAINERS = {
    "aae": aae.bench_run,
    "ali_su": partial(ali.bench_run, objective="su"),
    "ali_standard": partial(ali.bench_run, objective="standard"),
}


def main(argv=None) -> int:
    args = arg_parser("aae_ali", TRAINERS, __doc__.splitlines()[0]).parse_args(argv)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    trainers = {m: TRAINERS[m] for m in args.models}
    with Timer() as total:
        rows = run_grid("aae_ali", trainers, datasets=args.datasets, seeds=seeds, jobs=args.jobs)
    out = Path(args.out)
    kept = []
    if out.exists():  # keep the stored rows of the configurations not re-run now
        ran = {(r["model"], r["dataset"]) for r in rows}
        kept = [r for r in json.loads(out.read_text())["rows"] if (r["model"], r["dataset"]) not in ran]
    rows = kept + rows
    settings = {"protocol": f"{N_SAMPLES} samples from the prior, HQ within 3 std of the nearest mode",
                "seeds": seeds, "jobs": args.jobs, "torch_threads_per_run": 1 if args.jobs > 1 else torch.get_num_threads(),
                "configs": {"aae": aae.bench_settings(), "ali": ali.bench_settings()}}
    path = write_results(out, settings=settings, rows=rows, seconds=total.seconds, summary=summarize(rows))
    print(f"wrote {path} in {total.seconds:.0f} s")
    return 0
