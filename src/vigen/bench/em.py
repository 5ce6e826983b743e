"""``python -m vigen.bench em``: the numbers of chapter 3.

1. **Parity and speed against scikit-learn.**  On N = 100k points of grid-25
   (2-D), K = 25, both ``vigen.models.em.GaussianMixtureEM`` and
   ``sklearn.mixture.GaussianMixture`` run 100 EM iterations (``tol=0``) from
   the same initialization, passed to both as ``weights_init``, ``means_init``
   and ``precisions_init``.  Each pair times one ``fit`` of each, alternating
   which goes first; the ratio reported is the median over the pairs.  Parity
   is the largest |difference| of the per-iteration mean log-likelihoods.
2. **Digits baseline.**  Bernoulli mixtures (K = 1, 10, 20, 30, 50; K = 1 is the
   independent-Bernoulli model) on the binarized digits split.  The smoothing
   ``alpha`` is chosen per K on a validation split taken from the training
   part, then each seed is refitted on the whole training part and scored on
   the test split (nats per image, mean and standard error over seeds).
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

from vigen.bench.io import Timer, write_results
from vigen.core import data
from vigen.models.em import BernoulliMixtureEM, ConvergenceWarning, GaussianMixtureEM
from vigen.report import DIGITS_REFERENCE, EM_TARGETS, mean_se, results_path, summarize_results

ALPHAS = (0.01, 0.1, 0.5, 1.0, 2.0)   # smoothing grid, searched on validation data only

QUICK = ("--n", "5000", "--iters", "20", "--pairs", "1", "--components", "1", "10", "--seeds", "2")
"""The cheap configuration (:mod:`vigen.bench.reproduce`): parity on 5000 points over 20 iterations, one timing
pair, and the digits rows K = 1 and 10 with two seeds."""

REPRODUCE_TOLERANCE = {"parity.value": 1e-9, "parity.max_param_diff": 1e-9,
                       "digits.mean": 1e-4, "digits.scores": 1e-4, "digits.alpha": 0, "digits.converged": 0}
"""What ``tests/test_reproduction.py`` compares (``TABLE.FIELD``: that field of the rows of that table), with its
absolute tolerance.  EM is deterministic (float64, seeded k-means++, no sampling) and bit-identical on one
machine; another CPU type may sum in another order, and the stopping rule (a change of the mean log-likelihood
below tol = 1e-6) may then stop one iteration apart, which moves a test log-likelihood by about 1e-6 nats:
1e-4 allows for that, nothing more.  The parity numbers are rounding differences between vigen and
scikit-learn (about 1e-13): they may be anything below their target, 1e-9.  The chosen alpha and the number of
converged fits are exact.  Timings are never compared."""


def _quiet_fit(model, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)  # scikit-learn's ConvergenceWarning at tol=0
        return model.fit(X)


def parity_and_timing(n=100_000, k=25, iters=100, pairs=5, reg_covar=1e-6):
    """Time paired fits of vigen and scikit-learn from one initialization; return two rows."""
    from sklearn.mixture import GaussianMixture

    X = data.grid25(n, seed=0).double()
    start = GaussianMixtureEM(k, seed=0)
    start.initialize(X)
    init = dict(weights_init=start.weights_.numpy(), means_init=start.means_.numpy(),
                precisions_init=start.precisions_.numpy())
    common = dict(tol=0.0, max_iter=iters, reg_covar=reg_covar)
    times, fitted, load_before = {"vigen": [], "sklearn": []}, {}, os.getloadavg()[0]
    for pair in range(pairs):
        order = ["vigen", "sklearn"] if pair % 2 else ["sklearn", "vigen"]
        for who in order:
            model = (GaussianMixtureEM(k, **common, **init) if who == "vigen" else
                     GaussianMixture(k, **common, **init, init_params="random_from_data", random_state=0))
            with Timer() as t:
                _quiet_fit(model, X if who == "vigen" else X.numpy())
            times[who].append(t.seconds)
            fitted[who] = model
    ours, ref = fitted["vigen"], fitted["sklearn"]
    ll_diff = float(np.abs(np.array(ours.lower_bounds_) - np.array(ref.lower_bounds_)).max())
    param_diff = max(float(np.abs(getattr(ours, a).numpy() - getattr(ref, a)).max())
                     for a in ("weights_", "means_", "covariances_"))
    ratios = [v / s for v, s in zip(times["vigen"], times["sklearn"])]
    return [
        {"table": "parity", "quantity": "max |Δ| per-iteration mean log-likelihood, vigen vs sklearn",
         "value": ll_diff, "max_param_diff": param_diff, "iterations": iters, "target": EM_TARGETS["parity"]},
        {"table": "timing", "quantity": "wall-time ratio vigen/sklearn (median of paired runs)",
         "value": statistics.median(ratios), "pairs": pairs, "ratios": ratios,
         "vigen_seconds": times["vigen"], "sklearn_seconds": times["sklearn"], "target": EM_TARGETS["timing"],
         "load_average_1min": [load_before, os.getloadavg()[0]]},  # other work on the 2 cores skews timings
    ]


def _bernoulli(k, alpha, seed):
    return BernoulliMixtureEM(k, alpha=alpha, tol=1e-6, max_iter=500, seed=seed)


def validation_scores(k, x_fit, x_val, *, alphas=ALPHAS, seeds=3) -> dict:
    """``{alpha: mean validation log-likelihood}`` (nats per image) of K = ``k`` Bernoulli mixtures fitted on
    ``x_fit`` with each smoothing ``alpha`` of the smoothed M-step (chapter 3, "A Bernoulli mixture on digits"),
    averaged over ``seeds`` seeds: the scores the digits rows choose their alpha by (the largest wins)."""
    return {a: float(np.mean([_quiet_fit(_bernoulli(k, a, s), x_fit).score(x_val) for s in range(seeds)]))
            for a in alphas}


def digits_table(seeds=10, val_seeds=3, components=None):
    """Test log-likelihood (nats/image) of Bernoulli mixtures, alpha chosen on validation data; one row per
    K of ``components`` (default: every K of :data:`vigen.report.DIGITS_REFERENCE`)."""
    split = data.load_digits_split()
    x_train, x_test = split.x_train.double(), split.x_test.double()
    x_fit, x_val = data.train_val_split(x_train, 0.2, seed=0)
    rows = []
    for k, reference in DIGITS_REFERENCE.items():
        if components is not None and k not in components:
            continue
        val = validation_scores(k, x_fit, x_val, seeds=val_seeds)
        alpha = max(val, key=val.get)
        models = [_quiet_fit(_bernoulli(k, alpha, s), x_train) for s in range(seeds)]
        scores = [float(m.score(x_test)) for m in models]
        mean, se = mean_se(scores)
        rows.append({"table": "digits", "model": "independent Bernoulli" if k == 1 else "Bernoulli mixture (EM)",
                     "K": k, "mean": mean, "se": se, "seeds": seeds, "scores": scores, "alpha": alpha,
                     "converged": sum(m.converged_ for m in models),
                     "reference": reference})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigen.bench em", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="grid-25 points for parity and timing (default 100000)")
    parser.add_argument("--iters", type=int, default=100, help="EM iterations for parity and timing (default 100)")
    parser.add_argument("--pairs", type=int, default=5, help="paired timing runs (default 5)")
    parser.add_argument("--components", nargs="+", type=int, choices=list(DIGITS_REFERENCE),
                        help="the digits rows' K (default: all)")
    parser.add_argument("--seeds", type=int, default=10, help="seeds per digits row (default 10)")
    parser.add_argument("--out", type=Path, default=results_path("em"), help="default: vigen/results/em.json")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = (parity_and_timing(n=args.n, iters=args.iters, pairs=args.pairs)
            + digits_table(seeds=args.seeds, components=args.components))
    settings = {
        "timing": {"data": f"grid25, n={args.n}, seed 0", "n_components": 25, "dim": 2, "max_iter": args.iters,
                   "tol": 0.0, "reg_covar": 1e-6, "pairs": args.pairs,
                   "init": "vigen k-means++ (seed 0), given to both as weights_init/means_init/precisions_init",
                   "sklearn_init_params": "random_from_data (cheapest; overridden by the *_init)",
                   "timed": "one fit() call each; order alternates within pairs",
                   "threads": "vigen's EM loop runs on 1 torch thread (vigen.models.em._base._one_thread); "
                              "scikit-learn as installed (OpenBLAS/OpenMP 2 threads)"},
        "digits": {"split": "load_digits_split(): 1437 train / 360 test, x >= 8", "tol": 1e-6, "max_iter": 500,
                   "init": "kmeans++", "alpha_grid": list(ALPHAS),
                   "alpha_selection": "best mean validation log-lik over 3 seeds; validation = 20% of train (seed 0)",
                   "seeds": args.seeds},
    }
    path = write_results(args.out, settings=settings, rows=rows, seconds=time.perf_counter() - start,
                         summary=summarize_results("em", rows))
    for row in rows:
        print({k: float(f"{v:.4g}") if isinstance(v, float) else v
               for k, v in row.items() if not isinstance(v, list)})
    print(f"wrote {path} in {time.perf_counter() - start:.0f} s")
    return 0
