"""Score stored samples again: ``python -m vigen.bench.rescore gan aae_ali``.

The mode-coverage benchmarks keep every run's 2500 samples (``results/samples``), so a metric added to
:func:`vigen.metrics.modes.mode_scores` after a run can be computed for it without training again.
:func:`rescore` re-scores every row of a stored results file from its samples, checks that the numbers the row
already holds come out the same (so the samples are the ones that were scored), fills in the fields the row lacks
(such as PacGAN's reverse KL, ``rev_kl_hq``), recomputes the summary, and records the re-scoring in the file's
provenance beside the command that trained the runs.
"""
from __future__ import annotations

import json
import sys

import numpy as np
import torch

from vigen.bench.io import provenance
from vigen.bench.mode_coverage import score_fields
from vigen.core.data import DATASETS
from vigen.metrics.modes import mode_scores
from vigen.report import results_path, samples_path, summarize_results

__all__ = ["RESCORABLE", "rescored_row", "rescore"]

RESCORABLE = ("gan", "aae_ali")
"""The benchmarks whose rows all have stored samples."""


def rescored_row(bench: str, row: dict) -> dict:
    """``row`` with the fields of :func:`vigen.bench.mode_coverage.score_fields` recomputed from its stored
    samples; raises ``ValueError`` if a field the row already holds comes out different."""
    path = samples_path(bench, row["model"], row["dataset"], row["seed"])
    samples = torch.from_numpy(np.load(path)).double()
    fresh = score_fields(mode_scores(samples, DATASETS[row["dataset"]]))
    for key, value in fresh.items():
        if key in row and row[key] != value:
            raise ValueError(f"{path.name}: stored {key} {row[key]!r}, its samples give {value!r}")
    return {**row, **fresh}


def rescore(bench: str) -> dict:
    """Re-score every row of ``results/<bench>.json`` from its samples and write the file back."""
    if bench not in RESCORABLE:
        raise ValueError(f"bench must be one of {RESCORABLE}, got {bench!r}")
    path = results_path(bench)
    results = json.loads(path.read_text())
    results["rows"] = [rescored_row(bench, r) for r in results["rows"]]
    results["summary"] = summarize_results(bench, results["rows"])
    results["provenance"]["rescored"] = {**provenance([bench]), "command": f"python -m vigen.bench.rescore {bench}"}
    path.write_text(json.dumps(results, indent=1) + "\n")
    return results


if __name__ == "__main__":
    for name in sys.argv[1:] or RESCORABLE:
        rescore(name)
        print(f"rescored results/{name}.json")
