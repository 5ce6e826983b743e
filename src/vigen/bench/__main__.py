"""``python -m vigen.bench NAME [options]``: run the benchmark module vigen.bench.NAME.

After a full run (one that writes the stored results, i.e. without ``--out``) the same command
runs the benchmark's cheap configuration ``QUICK`` into ``results/reproduce/NAME.json``, which
``tests/test_reproduction.py`` re-runs and compares: a stored result cannot silently drift from the code.

``python -m vigen.bench all [--jobs N]`` runs every benchmark (the sweeps first, as the presets come
from them) and prints a summary of all of them, with the published rows and the targets.
``python -m vigen.bench all --quick --out-dir DIR`` runs only the cheap configurations, into DIR.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from tqdm.auto import tqdm

from vigen.bench import io
from vigen.report import reproduction_path

BENCHMARKS = ("em", "vae", "gan", "gan_dsteps", "gan_scale", "aae_ali", "stacked")
"""The benchmark modules ``vigen.bench.NAME``, in the book's order."""

ALL_RUNS = (("em", ()), ("vae", ()), ("gan", ("--sweep",)), ("gan", ()), ("gan_dsteps", ()), ("gan_scale", ()),
            ("aae_ali", ("--sweep",)), ("aae_ali", ()), ("stacked", ("--sweep",)), ("stacked", ()))
"""What ``bench all`` runs, in order: every results file of ``vigen/results``."""

TAKES_JOBS = ("gan", "gan_dsteps", "gan_scale", "aae_ali", "stacked")
"""The benchmarks that run in parallel processes (``--jobs``)."""


def run(name: str, args) -> int:
    """Run benchmark ``name`` with ``args``; after a full run, also its cheap configuration."""
    module = importlib.import_module(f"vigen.bench.{name}")
    rc = module.main(list(args)) or 0
    if rc == 0 and "--out" not in args and not {"-h", "--help"} & set(args):
        quick = [*module.QUICK, "--out", str(reproduction_path(name))]
        with io.command([name, *module.QUICK]):
            rc = module.main(quick) or 0
    return rc


def run_all(argv) -> int:
    """``bench all``: every run of :data:`ALL_RUNS` (or every ``QUICK``), then the summary."""
    parser = argparse.ArgumentParser(prog="python -m vigen.bench all", description=run_all.__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="parallel runs, one torch thread each (default 2)")
    parser.add_argument("--quick", action="store_true", help="only the cheap configurations (seconds each)")
    parser.add_argument("--out-dir", type=Path, help="with --quick: where to write them (default: results/reproduce)")
    args = parser.parse_args(argv)
    plan = [(name, ()) for name in BENCHMARKS] if args.quick else list(ALL_RUNS)
    with io.Timer() as total:
        for name, extra in tqdm(plan, desc="bench all", unit="benchmark"):
            module = importlib.import_module(f"vigen.bench.{name}")
            if args.quick:
                out = (args.out_dir or reproduction_path(name).parent) / f"{name}.json"
                with io.command([name, *module.QUICK]):
                    rc = module.main([*module.QUICK, "--out", str(out)]) or 0
            else:
                jobs = ("--jobs", str(args.jobs)) if name in TAKES_JOBS else ()
                with io.command([name, *extra, *jobs]):
                    rc = run(name, [*extra, *jobs])
            if rc:
                print(f"bench {name} {' '.join(extra)} failed with exit code {rc}")
                return rc
    if not args.quick:
        from vigen.report import summary_report

        print(summary_report())
    print(f"bench all: {len(plan)} runs in {total.seconds:.0f} s")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    names = ("all", *BENCHMARKS)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in names:
        print(f"usage: python -m vigen.bench {{{','.join(names)}}} [options]")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    if argv[0] == "all":
        return run_all(argv[1:])
    return run(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main())
