"""One home for results: where they are stored, their mean ± standard error, the published rows
and targets they are compared with, and the Markdown tables of every chapter.

The benchmarks (``python -m vigen.bench NAME``) write ``results/NAME.json`` with a ``summary``
computed here (:func:`summarize_results`, by :func:`mean_se`); the chapters load it
(:func:`load_results`) and show it through one renderer (:func:`markdown_table`), one function per
chapter table, with the published rows and targets beside it.
No chapter retypes a published number or a target: they live here.
"""
from __future__ import annotations

import importlib.resources
import json
import math
import textwrap
from pathlib import Path

import numpy as np

from vigen.core.data import DATASETS

__all__ = ["summary_report", "results_path", "reproduction_path", "samples_path", "load_results",
           "mean_se", "summarize", "MODE_METRICS", "LL_KS", "LL_METRICS", "SUMMARIES", "SWEEPS",
           "summarize_results", "sweep_score", "difference", "in_se", "markdown_table",
           "PUBLISHED_MODE_ROWS", "MODE_TARGETS", "DIGITS_REFERENCE", "LL_TARGETS", "EM_TARGETS", "MODEL_NAMES",
           "MODE_COLUMNS", "mode_table", "published_table", "target_report", "DIGITS_COLUMNS", "digits_table",
           "ll_summary", "ll_markdown", "digits_baselines", "vae_table", "ll_target_report",
           "em_table", "em_smoothing_table", "em_speed_table", "em_targets_met",
           "PACGAN_BUDGET", "provenance_note", "GAN_FAMILY", "SWEEP_AXES", "gan_sweep_axes", "gan_sweep_winners",
           "gan_sweep_table", "gan_table", "vigan_vs_pacgan", "dsteps_table", "gan_scale_table",
           "SCALE_NAMES", "MODES_COLUMNS", "reverse_kl_table", "aae_table", "recon_table", "ali_table",
           "ali_sweep_table",
           "STACKED_METRICS", "STACKED_NAMES", "STACKED_TARGETS", "stacked_table", "stacked_differences",
           "stacked_target_report", "stacked_curves", "stacked_family", "stacked_sweep_winners",
           "stacked_sweep_table", "print_report", "EXPERIMENTS", "experiment_headlines"]


# --- where results live --------------------------------------------------------------------------

def results_path(name: str) -> Path:
    """Where benchmark ``name`` stores its JSON: ``vigen/results/NAME.json``.

    The folder ships inside the package (so Colab, which has no repository checkout,
    can read the results), and the repository links it as ``book/results``.
    """
    return Path(__file__).resolve().parent / "results" / f"{name}.json"


def reproduction_path(name: str) -> Path:
    """``results/reproduce/NAME.json``: the cheap configuration of benchmark ``name``, stored by the same
    command as its full results so that a test can re-run it and compare."""
    return results_path(name).parent / "reproduce" / f"{name}.json"


def samples_path(bench: str, model: str, dataset: str, seed: int):
    """``results/samples/<bench>_<model>_<dataset>_<seed>.npy``."""
    return results_path(bench).parent / "samples" / f"{bench}_{model}_{dataset}_{seed}.npy"


def load_results(name: str) -> dict:
    """Load the stored results of benchmark ``name`` (written by ``python -m vigen.bench NAME``):
    ``{"settings", "machine", "seconds", "rows", "summary"}``."""
    resource = importlib.resources.files("vigen") / "results" / f"{name}.json"
    if not resource.is_file():
        raise FileNotFoundError(f"no stored results for {name!r}: run `python -m vigen.bench {name}`"
                                " from the repository root")
    return json.loads(resource.read_text())


# --- mean ± standard error --------------------------------------------------------------------------

def mean_se(values) -> tuple:
    """``(mean, standard error)`` of ``values``: the standard deviation with n - 1 divided by sqrt(n).

    The one place where vigen computes a standard error over seeds (a single value has none: nan).

    Examples
    --------
    >>> mean_se([6.0, 8.0])      # std = sqrt(2), divided by sqrt(2)
    (7.0, 1.0)
    """
    vals = np.asarray(values, dtype=float).ravel()
    if vals.size == 0:
        raise ValueError("values must not be empty")
    se = vals.std(ddof=1) / math.sqrt(vals.size) if vals.size > 1 else float("nan")
    return float(vals.mean()), float(se)


MODE_METRICS = ("modes", "hq", "rev_kl", "rev_kl_hq", "seconds")
"""The metrics of a mode-coverage run (:mod:`vigen.bench.mode_coverage`) that its summary averages: ``rev_kl``
is the reverse KL of all samples' histogram, ``rev_kl_hq`` PacGAN's, of the high-quality samples' histogram
(:mod:`vigen.metrics.modes`; None in a run without a high-quality sample, and older results lack it)."""

LL_KS = (1, 100, 1000, 5000)
"""The numbers k of importance samples of chapter 2's table."""

LL_METRICS = tuple(f"test_ll_k{k}" for k in LL_KS)
"""The metrics of a ``vae`` row: test log-likelihood estimated with each k of :data:`LL_KS`."""


STACKED_METRICS = ("modes", "kl", "quality", "seconds")
"""The metrics of a stacked-digits run (``bench stacked``) that its summary averages: modes of 1000, the KL of
the mode histogram from uniform, the quality share (samples whose three channels the ruler labels confidently,
:data:`vigen.metrics.stacked.CONFIDENT`; older results lack it), seconds."""


def summarize(rows: list, metrics=MODE_METRICS, *, by=("model", "dataset")) -> list:
    """One entry per configuration (the values of the keys ``by``), in order of first appearance:
    the configuration, ``n`` (the number of seeds) and, for each metric, ``{"mean", "se"}`` by :func:`mean_se`.

    A metric's value in a row is one seed's number, or a list with one number per seed.

    Examples
    --------
    >>> rows = [{"model": "m", "dataset": "ring8", "modes": v}
    ...         for v in (6, 8)]
    >>> summarize(rows, ("modes",))  # doctest: +NORMALIZE_WHITESPACE
    [{'model': 'm', 'dataset': 'ring8', 'n': 2,
      'modes': {'mean': 7.0, 'se': 1.0}}]
    """
    groups: dict = {}
    for r in rows:
        groups.setdefault(tuple(r[k] for k in by), []).append(r)
    out = []
    for key, rs in groups.items():
        values = {m: [v for r in rs if r.get(m) is not None for v in np.ravel(r[m])] for m in metrics}
        entry = dict(zip(by, key))
        counts = [len(v) for v in values.values() if v]
        entry["n"] = max(counts) if counts else len(rs)
        for m, vals in values.items():
            if vals:
                mean, se = mean_se(vals)
                entry[m] = {"mean": mean, "se": se}
                if len(vals) < entry["n"]:      # a metric undefined on some seeds: say over how many
                    entry[m]["n"] = len(vals)
        out.append(entry)
    return out


SUMMARIES = {
    "em": (("model", "K"), ("scores",)),
    "vae": (("model",), LL_METRICS),
    "aae_ali": (("model", "dataset"), MODE_METRICS + ("recon_error",)),
    "gan_sweep": (("model", "dataset", "pack", "lr", "lam_spread2", "g_steps"), MODE_METRICS),
    "stacked": (("model",), STACKED_METRICS),
    "stacked_sweep": (("model", "pack", "lr", "lam", "g_steps"), STACKED_METRICS),
}
"""How a benchmark's rows are summarized, ``NAME: (configuration keys, metrics)``; any other benchmark by
``(("model", "dataset"), MODE_METRICS)``.  An ``em`` row of the digits table holds its seeds' test
log-likelihoods in ``scores``; its parity and timing rows, which have no ``model``, are not averaged."""

SWEEPS = ("gan_sweep", "ali_sweep", "stacked_sweep")
"""The sweeps: each summary entry also has its :func:`sweep_score` as ``score`` and that score's standard
error over seeds as ``score_se`` (the score is linear in the three means, so it is the mean of the seeds' scores)."""


def sweep_score(entry: dict, n_modes: int | None = None) -> float:
    """How a sweep picks its winner: on the 2-D sets, mean fraction of modes + mean HQ - mean reverse KL
    (``n_modes`` defaults to the number of modes of the entry's dataset); on stacked digits, which have no HQ,
    mean fraction of the 1000 modes - mean KL from uniform."""
    if "kl" in entry:
        return entry["modes"]["mean"] / (1000 if n_modes is None else n_modes) - entry["kl"]["mean"]
    n_modes = len(DATASETS[entry["dataset"]].centers) if n_modes is None else n_modes
    return entry["modes"]["mean"] / n_modes + entry["hq"]["mean"] - entry["rev_kl"]["mean"]


def summarize_results(name: str, rows: list) -> list:
    """The ``summary`` stored in ``results/NAME.json``: :func:`summarize` of the rows that have every
    configuration key of :data:`SUMMARIES`, with the :func:`sweep_score` of a sweep's entries."""
    by, metrics = SUMMARIES.get(name, (("model", "dataset"), MODE_METRICS))
    rows = [r for r in rows if all(k in r for k in by)]
    summary = summarize(rows, metrics, by=by)
    if name in SWEEPS:
        per_seed = [{**r, "score": sweep_score({"dataset": r.get("dataset"),
                                                **{m: {"mean": r[m]} for m in metrics if m in r}})}
                    for r in rows]
        scores = summarize(per_seed, ("score",), by=by)
        for e, s in zip(summary, scores):
            e["score"], e["score_se"] = round(sweep_score(e), 4), round(s["score"]["se"], 4)
    return summary


def difference(entry_a: dict, entry_b: dict, metric: str) -> tuple:
    """``(mean_a - mean_b, se)`` of one metric of two :func:`summarize` entries from independent seeds,
    with se = sqrt(se_a² + se_b²).

    Examples
    --------
    >>> a = {"hq": {"mean": 0.9, "se": 0.03}}
    >>> b = {"hq": {"mean": 0.8, "se": 0.04}}
    >>> tuple(round(v, 3) for v in difference(a, b, "hq"))
    (0.1, 0.05)
    """
    a, b = entry_a[metric], entry_b[metric]
    return a["mean"] - b["mean"], math.hypot(a["se"], b["se"])


# --- the renderer ---------------------------------------------------------------------------------

def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _in_se(d: float, se: float) -> float:
    """A difference ``d`` in standard errors ``se``: nan without a standard error (one seed), ±inf for a
    difference with a standard error of 0 (and 0 for no difference)."""
    if math.isnan(se):
        return math.nan
    return d / se if se > 0 else math.copysign(math.inf, d) if d else 0.0


def in_se(entry_a: dict, entry_b: dict, metric: str) -> float:
    """:func:`difference` of one metric of two summary entries, in its standard errors: the number the book's
    noise rule reads (a difference within 2 s.e. is within noise).

    Examples
    --------
    >>> a = {"hq": {"mean": 0.9, "se": 0.03}}
    >>> b = {"hq": {"mean": 0.8, "se": 0.04}}
    >>> round(in_se(a, b, "hq"), 6)   # 0.1 / 0.05
    2.0
    """
    return _in_se(*difference(entry_a, entry_b, metric))


def markdown_table(rows: list, columns: dict) -> str:
    """A Markdown table of ``rows`` (dicts) with ``columns`` (key -> title); missing keys print '–'.

    Every results table of the book goes through here: Markdown renders alike in Jupyter, Colab and the book.

    Examples
    --------
    >>> print(markdown_table([{"a": 1}], {"a": "A", "b": "B"}))
    | A | B |
    |---|---|
    | 1 | – |
    """
    if not isinstance(columns, dict) or not columns:
        raise ValueError("columns must be a non-empty dict of key -> title")
    lines = ["| " + " | ".join(_cell(t) for t in columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(k, "–")) for k in columns) + " |")
    return "\n".join(lines)


def _fmt(stat: dict, scale: float = 1.0, digits: int = 1) -> str:
    """'mean ± se' of a summary entry's metric."""
    return f"{scale * stat['mean']:.{digits}f} ± {scale * stat['se']:.{digits}f}"


# --- published rows and targets -------------------------------------------------------------------

PUBLISHED_MODE_ROWS = (
    # (model, ring-8 (modes, HQ %, reverse KL), grid-25 (modes, HQ %, reverse KL), source); None: not reported
    ("GAN", (1, 99.3, None), (3.3, 0.5, None), "VEEGAN, Table 1"),
    ("ALI", (2.8, 0.13, None), (15.8, 1.6, None), "VEEGAN, Table 1"),
    ("Unrolled GAN", (7.6, 35.6, None), (23.6, 16, None), "VEEGAN, Table 1"),
    ("VEEGAN", (8, 52.9, None), (24.6, 40, None), "VEEGAN, Table 1"),
    ("GAN", (6.3, 98.2, 0.45), (17.3, 94.8, 0.70), "PacGAN, Table 1"),
    ("ALI", (6.6, 97.6, 0.36), (24.1, 95.7, 0.14), "PacGAN, Table 1"),
    ("PacGAN4", (7.8, 95.9, 0.07), (24.8, 93.6, 0.04), "PacGAN, Table 1"),
)
"""Published rows on the same two datasets (the evaluation protocol): Table 1 of VEEGAN (Srivastava et al.
2017) and of PacGAN (Lin et al. 2018).  PacGAN's models are large (a 4x400
generator, about 400k steps)."""

MODE_TARGETS = {
    # (model, dataset): (modes at least, HQ fraction at least, reverse KL at most or None); the protocol's targets
    ("vigan", "ring8"): (7.9, 0.95, 0.05),
    ("vigan", "grid25"): (24.8, 0.936, 0.04),
    ("ali_su", "grid25"): (24.1, 0.957, None),
    ("ali_su_full", "grid25"): (24.1, 0.957, None),
    ("ali_standard", "grid25"): (24.1, 0.957, None),
}
"""The book's targets on the mode protocol (the evaluation protocol page, Targets): PacGAN4's rows of
``PUBLISHED_MODE_ROWS`` for the VI-GAN, PacGAN's ALI row for ALI."""

DIGITS_REFERENCE = {1: -25.31, 10: -20.13, 20: -19.51, 30: -18.59, 50: -18.88}
"""Reference test log-likelihoods (nats per image) of Bernoulli mixtures with K components on the digits
split (K = 1: independent Bernoulli pixels), as the evaluation protocol page lists them; chapter 3
compares its EM fits with them."""

LL_TARGETS = {"vae": -17.2, "iwae": -16.9}
"""The book's targets for chapter 2 (the evaluation protocol page, Targets): importance-weighted test
log-likelihood (k = 5000, nats per image) at least this, for the VAE and the IWAE-objective variant."""

EM_TARGETS = {"parity": 1e-9, "timing": 0.25}
"""The book's targets for chapter 3's EM against scikit-learn on 100k points of grid-25, K = 25: the largest
difference of the per-iteration mean log-likelihoods below ``parity``, and the wall-time ratio
vigen / scikit-learn below ``timing``.  ``python -m vigen.bench em`` stores them in its rows."""

MODEL_NAMES = {"vae": "VAE (ELBO)", "iwae": "IWAE (k = 10)", "gan": "GAN (non-saturating)",
               "pacgan2": "PacGAN2", "pacgan4": "PacGAN4",
               "vigan": "VI-GAN (Su's regularizer)", "aae": "AAE",
               "ali_su": "ALI, Su's truncated loss", "ali_su_full": "ALI, Su's full objective",
               "ali_standard": "ALI, standard objective"}
"""Display names of the benchmark models."""


PACGAN_BUDGET = "4×400 generator, about 400k steps"
"""The budget behind PacGAN's Table 1 rows (Lin et al. 2018), as the tables label them."""


def provenance_note(results: dict) -> str:
    """One line under a results table: the command, vigen version, commit, date and wall time that
    produced ``results`` (what :func:`vigen.bench.io.write_results` stored), in italics.

    Examples
    --------
    >>> provenance = {"vigen": "0.1.0", "commit": "0123456789abcdef",
    ...               "clean": True, "command": "python -m vigen.bench em",
    ...               "date": "2026-12-01T06:00:00+00:00"}
    >>> note = provenance_note({"seconds": 90.0, "provenance": provenance})
    >>> print(note)  # doctest: +NORMALIZE_WHITESPACE
    *Stored results: `python -m vigen.bench em`, vigen 0.1.0,
    commit 0123456, 2026-12-01, 2 min in all.*
    """
    p = results.get("provenance")
    if p is None:
        return "*Stored results from before the benchmarks recorded their commit and date.*"
    commit = "an installed package" if not p.get("commit") else f"commit {p['commit'][:7]}"
    dirty = " with uncommitted changes" if p.get("clean") is False else ""
    minutes = max(1, round(results["seconds"] / 60))
    return (f"*Stored results: `{p['command']}`, vigen {p['vigen']}, {commit}{dirty}, {p['date'][:10]}, "
            f"{minutes} min in all.*")


def _noted(table: str, results: dict) -> str:
    """A chapter table with its :func:`provenance_note` under it."""
    return f"{table}\n\n{provenance_note(results)}"


def _published_cell(triple) -> str:
    return " / ".join("–" if v is None else f"{v:g}" for v in triple)


# --- chapter 7: every model beside the published rows ------------------------------------------------

MODE_COLUMNS = {"model": "Model", "source": "Source", "ring8": "ring-8", "grid25": "grid-25"}
"""Columns of :func:`mode_table` and :func:`published_table`."""

DIGITS_COLUMNS = {"model": "Model", "test_ll": "Test log-likelihood (nats/image)", "seeds": "Seeds",
                  "reference": "Reference value (protocol)"}
"""Columns of :func:`digits_table`."""


def _published_rows(published=PUBLISHED_MODE_ROWS) -> list:
    return [{"model": model, "source": source, "ring8": _published_cell(ring), "grid25": _published_cell(grid)}
            for model, ring, grid, source in published]


def mode_table(benchmarks=("gan", "aae_ali")) -> list:
    """Rows ``{model, source, ring8, grid25}`` of our stored benchmarks (mean ± s.e. over seeds)
    followed by the published rows; each cell reads 'modes / HQ% / reverse KL'."""
    rows: dict = {}
    for bench in benchmarks:
        for s in load_results(bench)["summary"]:
            cell = f"{_fmt(s['modes'])} / {_fmt(s['hq'], 100)} / {_kl_hq(s, 3)}"
            row = rows.setdefault(s["model"], {"model": MODEL_NAMES.get(s["model"], s["model"]),
                                               "source": f"this book ({s['n']} seeds)"})
            row[s["dataset"]] = cell
    return list(rows.values()) + _published_rows()


def published_table(published=PUBLISHED_MODE_ROWS) -> str:
    """Chapter 4's table of the published rows (``PUBLISHED_MODE_ROWS``), each cell 'modes / HQ% / reverse KL'."""
    return markdown_table(_published_rows(published), MODE_COLUMNS)


def print_report(lines, *, width: int = 76) -> None:
    """Print report lines (a ``*_target_report``'s) each wrapped to ``width`` columns, its continuation lines
    indented by four spaces: the chapters print them this way so that they fit the book's column.

    Examples
    --------
    >>> print_report(["VI-GAN: 24.4 modes, target 24.8: NOT met"], width=30)
    VI-GAN: 24.4 modes, target
        24.8: NOT met
    """
    for line in lines:
        print(textwrap.fill(line, width, subsequent_indent="    "))


def target_report(benchmarks=("gan", "aae_ali")) -> list:
    """One line per target of :data:`MODE_TARGETS`: the stored mean against the target, met or not; the reverse
    KL is PacGAN's (``rev_kl_hq``), the one its published rows report."""
    summary = {(s["model"], s["dataset"]): s for b in benchmarks for s in load_results(b)["summary"]}
    lines = []
    for (model, dataset), (modes, hq, rev_kl) in MODE_TARGETS.items():
        s = summary.get((model, dataset))
        if s is None:
            lines.append(f"{MODEL_NAMES[model]}, {dataset}: not measured")
            continue
        met = s["modes"]["mean"] >= modes and s["hq"]["mean"] >= hq
        kl = s.get("rev_kl_hq", {}).get("mean", float("nan"))       # PacGAN's, as in the published rows
        met = met and (rev_kl is None or kl <= rev_kl)
        want = f">= {modes:g} modes, >= {100 * hq:.1f}% HQ" + ("" if rev_kl is None else f", revKL <= {rev_kl:g}")
        got = f"{s['modes']['mean']:.1f} modes, {100 * s['hq']['mean']:.1f}% HQ, revKL {kl:.3f}"
        lines.append(f"{MODEL_NAMES[model]}, {dataset}: {got} (target {want}): {'met' if met else 'NOT met'}")
    return lines


def digits_table() -> list:
    """Rows ``{model, test_ll, seeds, reference}`` of the stored digits benchmarks, best last:
    the classical baselines of ``em.json`` and the k=5000 estimates of ``vae.json``."""
    rows = []
    for s in load_results("em")["summary"]:
        name = s["model"] + (f", K={s['K']}" if s["K"] > 1 else "")
        rows.append({"model": name, "test_ll": _fmt(s["scores"], 1, 2), "seeds": s["n"],
                     "reference": f"{DIGITS_REFERENCE[s['K']]:.2f}", "_mean": s["scores"]["mean"]})
    labels = {"vae": "VAE (ELBO), k=5000", "iwae": "IWAE (k=10), k=5000"}
    for s in load_results("vae")["summary"]:
        stat = s["test_ll_k5000"]
        rows.append({"model": labels.get(s["model"], s["model"]), "test_ll": _fmt(stat, 1, 2), "seeds": s["n"],
                     "reference": "–", "_mean": stat["mean"]})
    return sorted(rows, key=lambda r: r["_mean"])


# --- chapter tables -----------------------------------------------------------------------------------
# Chapter 2: test log-likelihood of the VAE and the IWAE beside chapter 3's baselines

def _ll_view(summary: list, ks=LL_KS) -> dict:
    return {s["model"]: {k: (s[f"test_ll_k{k}"]["mean"], s[f"test_ll_k{k}"]["se"]) for k in ks} for s in summary}


def ll_summary(rows, *, ks=LL_KS) -> dict:
    """Mean and standard error over seeds of each model's ``test_ll_k{k}``: ``{model: {k: (mean, se)}}``
    (:func:`summarize` by model)."""
    return _ll_view(summarize(rows, tuple(f"test_ll_k{k}" for k in ks), by=("model",)), ks)


def ll_markdown(summary: dict, baselines: dict, *, ks=LL_KS) -> str:
    """A Markdown table: one row per model (mean ± s.e. for each k), then one per baseline.

    ``summary`` is ``{name: {k: (mean, se)}}`` (:func:`ll_summary`).  A baseline's value is exact (no
    importance sampling), either a float or a ``(mean, se)`` pair over seeds; it is written in the last
    column only.
    """
    rows = [{"model": name, **{k: f"{stats[k][0]:.2f} ± {stats[k][1]:.2f}" for k in ks}}
            for name, stats in summary.items()]
    for name, value in baselines.items():
        mean, se = value if isinstance(value, tuple) else (value, float("nan"))
        cell = f"{mean:.2f}" if math.isnan(se) else f"{mean:.2f} ± {se:.2f}"
        rows.append({"model": name, ks[-1]: f"{cell} (exact)"})
    return markdown_table(rows, {"model": "model", **{k: f"k = {k}" for k in ks}})


def digits_baselines() -> dict:
    """Chapter 3's classical baselines, ``{name: (mean, se)}`` over its seeds (``em.json``), or the
    reference values :data:`DIGITS_REFERENCE` (se nan) where ``em.json`` is absent."""
    name = lambda k: "independent Bernoulli" if k == 1 else f"Bernoulli mixture, K={k}"  # noqa: E731
    try:
        summary = load_results("em")["summary"]
    except FileNotFoundError:
        return {f"{name(k)} (reference)": (v, float("nan")) for k, v in DIGITS_REFERENCE.items()}
    return {f"{name(s['K'])} (EM)": (s["scores"]["mean"], s["scores"]["se"]) for s in summary}


def vae_table(results: dict | None = None) -> str:
    """Chapter 2's table: test log-likelihood (nats per image, mean ± s.e. over seeds) of the VAE and the IWAE
    for each k of :data:`LL_KS`, then chapter 3's baselines (:func:`digits_baselines`, exact: last column only).

    ``results`` defaults to ``load_results("vae")``.
    """
    results = load_results("vae") if results is None else results
    view = _ll_view(results["summary"])
    return _noted(ll_markdown({MODEL_NAMES.get(m, m): s for m, s in view.items()}, digits_baselines()), results)


def ll_target_report(results: dict | None = None) -> list:
    """One line per target of :data:`LL_TARGETS`: the k=5000 mean ± s.e. against the target (reached,
    borderline when the mean is above it by less than one s.e., or not reached) and the seeds below it."""
    results = load_results("vae") if results is None else results
    summary = {s["model"]: s["test_ll_k5000"] for s in results["summary"]}
    lines = []
    for model, target in LL_TARGETS.items():
        mean, se = summary[model]["mean"], summary[model]["se"]
        per_seed = [r["test_ll_k5000"] for r in results["rows"] if r["model"] == model]
        verdict = ("NOT reached" if mean < target else
                   "borderline (the mean is above it by less than one s.e.)" if mean - se < target else "reached")
        lines.append(f"{MODEL_NAMES[model]}: {mean:.2f} ± {se:.2f} nats at k=5000; target {target:g}: {verdict}; "
                     f"{sum(v < target for v in per_seed)} of {len(per_seed)} seeds below it")
    return lines


# Chapter 3: Bernoulli mixtures on digits, and EM against scikit-learn

def em_table(results: dict | None = None) -> str:
    """Chapter 3's table: each Bernoulli mixture's smoothing alpha and test log-likelihood (mean ± s.e. over
    seeds) beside its reference value (:data:`DIGITS_REFERENCE`) and the difference.

    ``results`` defaults to ``load_results("em")``.
    """
    results = load_results("em") if results is None else results
    alpha = {r["K"]: r["alpha"] for r in results["rows"] if r.get("table") == "digits"}
    rows, seeds = [], set()
    for s in results["summary"]:
        ref = DIGITS_REFERENCE[s["K"]]
        seeds.add(s["n"])
        rows.append({"model": s["model"], "K": s["K"], "alpha": f"{alpha[s['K']]:g}", "ours": _fmt(s["scores"], 1, 2),
                     "reference": f"{ref:.2f}", "difference": f"{s['scores']['mean'] - ref:+.2f}"})
    n = "/".join(str(v) for v in sorted(seeds))
    return _noted(markdown_table(rows, {"model": "model", "K": "K", "alpha": "alpha",
                                        "ours": f"vigen, nats/image (mean ± s.e., {n} seeds)", "reference": "reference",
                                        "difference": "difference"}), results)


def em_smoothing_table(results: dict | None, weak: dict, *, alpha: float) -> str:
    """Chapter 3's smoothing experiment: for each K, the benchmark's test log-likelihood (alpha chosen on
    validation data) beside refits with smoothing ``alpha`` (``weak``: ``{K: test log-likelihood of each
    seed}``, mean ± s.e. and range), the reference value, and the share of the gap to it that ``alpha``
    closes (where the gap exceeds 0.1 nats)."""
    results = load_results("em") if results is None else results
    rows = []
    for s in results["summary"]:
        k, ours, ref = s["K"], s["scores"]["mean"], DIGITS_REFERENCE[s["K"]]
        w_mean, w_se = mean_se(weak[k])
        w = np.asarray(weak[k], dtype=float)
        gap = ours - ref
        rows.append({"K": k, "chosen": _fmt(s["scores"], 1, 2), "weak": f"{w_mean:.2f} ± {w_se:.2f}",
                     "range": f"{w.min():.2f} to {w.max():.2f}", "reference": f"{ref:.2f}",
                     "closed": f"{(ours - w_mean) / gap:.0%}" if gap > 0.1 else "–"})
    return markdown_table(rows, {"K": "K", "chosen": "chosen alpha", "weak": f"alpha = {alpha:g}",
                                 "range": "its seeds", "reference": "reference", "closed": "gap closed"})


def _exponent(v: float) -> str:
    return f"{v:.0e}".replace("e-0", "e-").replace("e+0", "e")


def em_speed_table(results: dict | None = None) -> str:
    """Chapter 3's parity and speed against scikit-learn, each beside its target (:data:`EM_TARGETS`)."""
    results = load_results("em") if results is None else results
    by = {r["table"]: r for r in results["rows"] if r.get("table") in EM_TARGETS}
    met = em_targets_met(results)
    parity, timing = by["parity"], by["timing"]
    rows = [{"quantity": "max |Δ| of the per-iteration mean log-likelihood", "value": _exponent(parity["value"]),
             "target": f"< {_exponent(EM_TARGETS['parity'])}", "met": "yes" if met["parity"] else "no"},
            {"quantity": f"wall-time ratio vigen / scikit-learn (median of {timing['pairs']} paired runs)",
             "value": f"{timing['value']:.3f}", "target": f"< {EM_TARGETS['timing']:g}",
             "met": "yes" if met["timing"] else "no"}]
    return _noted(markdown_table(rows, {"quantity": "quantity", "value": "value", "target": "target", "met": "met"}),
                  results)


def em_targets_met(results: dict | None = None) -> dict:
    """``{"parity": bool, "timing": bool}``: whether the stored values are below :data:`EM_TARGETS`."""
    results = load_results("em") if results is None else results
    return {r["table"]: r["value"] < EM_TARGETS[r["table"]] for r in results["rows"] if r.get("table") in EM_TARGETS}


# Chapter 4: the GAN and the VI-GAN

GAN_FAMILY = ("gan", "pacgan2", "pacgan4", "vigan")
"""Chapter 4's benchmark models, in the order of its table: the plain GAN, PacGAN2, PacGAN4 and the VI-GAN."""

SWEEP_AXES = {"lr": "learning rate", "lam_spread2": "λ·spread²", "g_steps": "generator steps per snapshot"}
"""The knobs of chapter 4's sweep (``python -m vigen.bench gan --sweep``) by key, as the figure labels them."""


def _family(entry: dict) -> str:
    """The model a GAN sweep point belongs to: ``gan``, ``pacgan2``, ``pacgan4``, ``vigan`` or ``gan_k`` (the
    control: the VI-GAN's generator steps without the penalty)."""
    if entry["lam_spread2"] > 0:
        return "vigan"
    if entry["g_steps"] > 1:
        return "gan_k"
    return "gan" if entry["pack"] == 1 else f"pacgan{entry['pack']}"


def gan_sweep_axes(sweep: dict, dataset: str) -> dict:
    """The GAN sweep on ``dataset`` as curves ``{knob: {model: [(value, score, score_se, chosen?), ...]}}``.

    The learning rate has a curve for each of GAN, PacGAN2, PacGAN4 and the VI-GAN (the VI-GAN's at its
    centre's λ·spread² and generator steps); λ·spread² and the generator steps have the VI-GAN's curve
    through its centre (the preset stored in the sweep's settings).  ``chosen`` marks each curve's best score."""
    centre = sweep["settings"]["vigan_centres"][dataset]
    entries = [e for e in sweep["summary"] if e["dataset"] == dataset]
    out: dict = {knob: {} for knob in SWEEP_AXES}
    for knob in SWEEP_AXES:
        for e in entries:
            family = _family(e)
            if family == "vigan":
                if any(e[k] != centre[k] for k in SWEEP_AXES if k != knob):
                    continue
            elif knob != "lr" or family == "gan_k":
                continue
            out[knob].setdefault(family, []).append((e[knob], e["score"], e["score_se"]))
    for curves in out.values():
        for family, pts in curves.items():
            pts.sort()
            best = max(range(len(pts)), key=lambda i: pts[i][1])
            curves[family] = [(*p, i == best) for i, p in enumerate(pts)]
    return out


def gan_sweep_winners(sweep: dict | None = None) -> dict:
    """``{(model, dataset): knobs}``: the best learning rate of GAN, PacGAN2 and PacGAN4, and for the VI-GAN
    the best value on each of its three axes through the centre (:func:`gan_sweep_axes`), with ``edge`` True
    where a winner sits at the end of its grid (the generator steps may stop at 2, the fewest the penalty
    allows)."""
    sweep = load_results("gan_sweep") if sweep is None else sweep
    out = {}
    for dataset in sweep["settings"]["vigan_centres"]:
        axes = gan_sweep_axes(sweep, dataset)
        for knob, curves in axes.items():
            for family, pts in curves.items():
                if family != "vigan" and knob != "lr":
                    continue
                i = next(i for i, p in enumerate(pts) if p[3])
                edge = i == len(pts) - 1 or (i == 0 and not (knob == "g_steps" and pts[0][0] == 2))
                knobs = out.setdefault((family, dataset), {"edge": False})
                knobs[knob], knobs["edge"] = pts[i][0], knobs["edge"] or edge
    return out


def gan_sweep_table(sweep: dict | None = None) -> str:
    """Experiment E2's sweep: every sweep point's knobs, mean modes, HQ % and reverse KL over the sweep seeds and
    its :func:`sweep_score` ± s.e., by dataset and model.  ``sweep`` defaults to ``load_results("gan_sweep")``."""
    sweep = load_results("gan_sweep") if sweep is None else sweep
    order = {m: i for i, m in enumerate(("gan", "pacgan2", "pacgan4", "gan_k", "vigan"))}
    names = {**MODEL_NAMES, "gan_k": "GAN, VI-GAN's steps, no penalty", "vigan": "VI-GAN"}
    entries = sorted(sweep["summary"], key=lambda e: (list(DATASETS).index(e["dataset"]), order[_family(e)],
                                                      e["lam_spread2"], e["lr"], e["g_steps"]))
    rows = [{"dataset": e["dataset"], "model": names[_family(e)], "lr": f"{e['lr']:g}",
             "lam": f"{e['lam_spread2']:g}", "k": e["g_steps"], "modes": f"{e['modes']['mean']:.1f}",
             "hq": f"{100 * e['hq']['mean']:.1f}", "rev_kl": f"{e['rev_kl']['mean']:.3f}",
             "score": f"{e['score']:.3f} ± {e['score_se']:.3f}"} for e in entries]
    return _noted(markdown_table(rows, {"dataset": "data", "model": "model", "lr": "lr", "lam": "λ·spread²",
                                        "k": "G-steps", "modes": "modes", "hq": "HQ %",
                                        "rev_kl": "reverse KL (all samples)", "score": "score ± s.e."}), sweep)


def gan_table(results: dict | None = None) -> str:
    """Chapter 4's benchmark, side by side: GAN, PacGAN2, PacGAN4 and the VI-GAN (:data:`GAN_FAMILY`), each cell
    modes / HQ % / reverse KL (mean ± s.e. over seeds), with the D-steps each ran and the mean seconds per run,
    then PacGAN's own GAN and PacGAN4 rows labelled with their budget.  ``results`` defaults to
    ``load_results("gan")``."""
    results = load_results("gan") if results is None else results
    configs = results["settings"]["configs"]
    rows = _mode_rows(results["summary"], {m: MODEL_NAMES[m] for m in GAN_FAMILY}, (), kl_digits=3)
    for row, model in zip(rows, GAN_FAMILY):
        row["budget"] = " / ".join(f"{configs[f'{model}/{d}']['train']['steps']}" for d in DATASETS
                                   if f"{model}/{d}" in configs) + " steps, networks {depth}×{hidden}".format(
                                       **configs[f"{model}/ring8"])
        row["seconds"] = " / ".join(f"{e['seconds']['mean']:.0f}" for d in DATASETS for e in results["summary"]
                                    if e["model"] == model and e["dataset"] == d)
    published = [r for r in PUBLISHED_MODE_ROWS if r[3].startswith("PacGAN") and r[0] in ("GAN", "PacGAN4")]
    rows += [{"model": m, "ring8": _published_cell(r), "grid25": _published_cell(g), "source": src,
              "budget": PACGAN_BUDGET} for m, r, g, src in published]
    return _noted(markdown_table(rows, {**MODES_COLUMNS, "budget": "budget (ring-8 / grid-25)",
                                        "seconds": "s/run"}), results)


def vigan_vs_pacgan(results: dict | None = None, *, other: str = "pacgan4") -> str:
    """Experiment E2's same-budget comparison: the VI-GAN minus ``other`` (default PacGAN4) in modes, HQ % and
    both reverse KLs (PacGAN's and the all-sample one, :mod:`vigen.metrics.modes`) on each dataset
    (:func:`difference`, mean ± s.e.), and a verdict per metric: better or worse where the difference exceeds
    two standard errors, else within noise."""
    results = load_results("gan") if results is None else results
    entries = {(e["model"], e["dataset"]): e for e in results["summary"]}
    rows = []
    for dataset in DATASETS:
        a, b = entries.get(("vigan", dataset)), entries.get((other, dataset))
        if a is None or b is None:
            continue
        row = {"dataset": dataset}
        for metric, scale, sign in (("modes", 1, 1), ("hq", 100, 1), ("rev_kl_hq", 1, -1), ("rev_kl", 1, -1)):
            if metric not in a or metric not in b:
                continue
            d, se = difference(a, b, metric)
            verdict = ("within noise" if abs(d) <= 2 * se else "better" if sign * d > 0 else "worse")
            digits = 3 if metric.startswith("rev_kl") else 1 if metric == "hq" else 2
            row[metric] = f"{scale * d:+.{digits}f} ± {scale * se:.{digits}f} ({verdict})"
        rows.append(row)
    return markdown_table(rows, {"dataset": "data", "modes": "modes", "hq": "HQ % (points)",
                                 "rev_kl_hq": "reverse KL (PacGAN's)", "rev_kl": "reverse KL (all samples)"})


def dsteps_table(results: dict | None = None) -> str:
    """Experiment E3's D-steps table: modes, HQ % and reverse KL (mean ± s.e. over seeds) of each preset with
    each number of discriminator steps, and on the row of the most steps its difference (:func:`difference`)
    from the fewest in modes and reverse KL.  ``results`` defaults to ``load_results("gan_dsteps")``."""
    results = load_results("gan_dsteps") if results is None else results
    entries = {(e["model"], e["dataset"]): e for e in results["summary"]}
    steps = sorted(results["settings"]["d_steps"])
    few, many = steps[0], steps[-1]
    rows = []
    for dataset in DATASETS:
        for model in ("gan", "vigan"):
            for k in steps:
                e = entries.get((f"{model}_d{k}", dataset))
                if e is None:
                    continue
                row = {"model": MODEL_NAMES[model], "dataset": dataset, "d_steps": k, "modes": _fmt(e["modes"]),
                       "hq": _fmt(e["hq"], 100), "rev_kl": _fmt(e["rev_kl"], 1, 2)}
                if k == many and (f"{model}_d{few}", dataset) in entries and many != few:
                    one = entries[(f"{model}_d{few}", dataset)]
                    for key in ("modes", "rev_kl"):
                        d, se = difference(e, one, key)
                        row[f"d_{key}"] = f"{d:+.2f} ± {se:.2f}"
                rows.append(row)
    table = markdown_table(rows, {"model": "model", "dataset": "data", "d_steps": "D-steps", "modes": "modes",
                                  "hq": "HQ %", "rev_kl": "reverse KL (all samples)",
                                  "d_modes": f"modes, {many} minus {few} D-steps",
                                  "d_rev_kl": f"reverse KL (all samples), {many} minus {few} D-steps"})
    return _noted(table, results)


SCALE_NAMES = {"gan": "GAN", "vigan": "VI-GAN, λ", "vigan_lam_s-1": "VI-GAN, λ/s", "vigan_lam_s-2": "VI-GAN, λ/s²"}
"""The runs of ``python -m vigen.bench gan_scale`` by the λ they use at stretch factor s."""


def gan_scale_table(scale: dict | None = None, unit: dict | None = None) -> str:
    """Experiment E3's scale table: modes, HQ % and reverse KL (mean ± s.e. over seeds) of each run of
    :data:`SCALE_NAMES` on each dataset stretched by s; the rows of s = 1 are the one-D-step runs of ``unit``
    (the ``gan_dsteps`` benchmark: the same configurations, on the same seeds).
    Defaults: ``load_results("gan_scale")`` and ``load_results("gan_dsteps")``."""
    scale = load_results("gan_scale") if scale is None else scale
    unit = load_results("gan_dsteps") if unit is None else unit
    seeds = set(scale["settings"]["seeds"])
    same = [dict(r, model=r["model"].removesuffix("_d1"), dataset=f"{r['dataset']}_x1") for r in unit["rows"]
            if r["seed"] in seeds and r["model"].endswith("_d1")]
    entries = {(e["model"], e["dataset"]): e for e in scale["summary"] + summarize(same)}
    factors = sorted(set(scale["settings"]["factors"]) | {1.0})
    rows = []
    for dataset in DATASETS:
        for s in factors:
            for model, label in SCALE_NAMES.items():
                e = entries.get((model, f"{dataset}_x{s:g}"))
                if e is not None:
                    rows.append({"dataset": dataset, "s": f"{s:g}", "model": label, "modes": _fmt(e["modes"]),
                                 "hq": _fmt(e["hq"], 100), "rev_kl": _fmt(e["rev_kl"], 1, 2)})
    return _noted(markdown_table(rows, {"dataset": "data", "s": "s", "model": "model", "modes": "modes",
                                        "hq": "HQ %", "rev_kl": "reverse KL (all samples)"}), scale)


# Chapters 5 and 6: the AAE and ALI beside the published rows

MODES_COLUMNS = {"model": "model", "ring8": "ring-8: modes / HQ % / rev. KL",
                 "grid25": "grid-25: modes / HQ % / rev. KL", "source": "source"}
"""Columns of :func:`aae_table` and :func:`ali_table`."""


def _kl_hq(entry: dict, digits: int = 2) -> str:
    """'mean ± se' of an entry's PacGAN reverse KL (``rev_kl_hq``), with the seeds it is defined on when some
    seeds had no high-quality sample, or '–' where it is defined on none (or was not measured)."""
    stat = entry.get("rev_kl_hq")
    if stat is None:
        return "–"
    seeds = f" ({stat['n']} seeds)" if "n" in stat else ""
    return (f"{stat['mean']:.{digits}f}" if math.isnan(stat["se"]) else _fmt(stat, 1, digits)) + seeds


def reverse_kl_table(results: dict, models) -> str:
    """Both reverse KLs of ``models`` on each dataset, mean ± s.e. over seeds: PacGAN's, of the high-quality
    samples' histogram (the one beside the published rows), and the book's first one, of all samples' histogram,
    which a smear between the modes keeps low (:mod:`vigen.metrics.modes`)."""
    rows = [{"model": MODEL_NAMES.get(e["model"], e["model"]), "dataset": e["dataset"], "hq": _fmt(e["hq"], 100),
             "hq_kl": _kl_hq(e, 3), "all_kl": _fmt(e["rev_kl"], 1, 3)}
            for m in models for e in results["summary"] if e["model"] == m]
    return markdown_table(rows, {"model": "model", "dataset": "data", "hq": "HQ %",
                                 "hq_kl": "reverse KL, HQ samples (PacGAN's)", "all_kl": "reverse KL, all samples"})


def _mode_rows(summary: list, labels: dict, published, *, kl_digits: int = 2) -> list:
    """Rows ``{model, ring8, grid25, source}``: each model of ``labels`` (key -> label) with mean ± s.e.,
    then the ``published`` rows; each cell reads modes / HQ % / rev. KL, the reverse KL as PacGAN computes it
    (:func:`_kl_hq`), so that it can stand beside the published rows."""
    rows = []
    for model, label in labels.items():
        row = {"model": label}
        for s in summary:
            if s["model"] == model:
                row[s["dataset"]] = (f"{_fmt(s['modes'])} / {_fmt(s['hq'], 100)} / "
                                     f"{_kl_hq(s, kl_digits)}")
                row["source"] = f"this book, {s['n']} seeds"
        rows.append(row)
    return rows + [{"model": m, "ring8": _published_cell(r), "grid25": _published_cell(g), "source": src}
                   for m, r, g, src in published]


def aae_table(results: dict | None = None) -> str:
    """Chapter 5's table: the AAE's modes / HQ % / reverse KL (mean ± s.e. over seeds) on ring-8 and grid-25,
    then every published row.  ``results`` defaults to ``load_results("aae_ali")``."""
    results = load_results("aae_ali") if results is None else results
    rows = _mode_rows(results["summary"], {"aae": "AAE (this book, mean ± s.e.)"}, PUBLISHED_MODE_ROWS)
    return _noted(markdown_table(rows, MODES_COLUMNS), results)


def ali_table(results: dict | None = None) -> str:
    """Chapter 6's table: ALI's three objectives, modes / HQ % / reverse KL (mean ± s.e. over seeds) on ring-8
    and grid-25, then the published ALI rows.  ``results`` defaults to ``load_results("aae_ali")``."""
    results = load_results("aae_ali") if results is None else results
    models = dict.fromkeys(s["model"] for s in results["summary"] if s["model"].startswith("ali_"))
    return _noted(markdown_table(_mode_rows(results["summary"], {m: MODEL_NAMES.get(m, m) for m in models},
                                            [r for r in PUBLISHED_MODE_ROWS if r[0] == "ALI"]), MODES_COLUMNS), results)


def recon_table(results: dict | None = None, models=("aae",), *, digits: int = 4) -> str:
    """The reconstruction error E||x - G(E(x))||² (mean ± s.e. over seeds, ``digits`` decimals) and the mean
    seconds per run of ``models`` on each dataset (the AAE and ALI experiment page).
    ``results`` defaults to ``load_results("aae_ali")``."""
    results = load_results("aae_ali") if results is None else results
    rows = [{"model": MODEL_NAMES.get(s["model"], s["model"]), "dataset": s["dataset"], "n": s["n"],
             "recon": _fmt(s["recon_error"], 1, digits), "seconds": f"{s['seconds']['mean']:.0f}"}
            for s in results["summary"] if s["model"] in models]
    return _noted(markdown_table(rows, {"model": "model", "dataset": "data", "n": "seeds",
                                        "recon": "reconstruction error", "seconds": "s/run"}), results)


def ali_sweep_table(sweep: dict | None = None) -> str:
    """ALI's sweep (the AAE and ALI experiment page): for each objective, its best sweep point by
    :func:`sweep_score`, with the score and the mean modes and HQ % over the sweep seeds.
    ``sweep`` defaults to ``load_results("ali_sweep")``."""
    sweep = load_results("ali_sweep") if sweep is None else sweep
    points: dict = {}
    for e in sweep["summary"]:   # model names read ali_<objective>_lr<lr>_s<steps>
        points.setdefault(e["model"][len("ali_"):e["model"].rindex("_lr")], []).append(e)
    rows = []
    for objective, pts in points.items():
        best = max(pts, key=lambda e: e["score"])
        rows.append({"objective": objective, "points": len(pts),
                     "best": best["model"][len(f"ali_{objective}_"):], "score": f"{best['score']:.2f}",
                     "modes": f"{best['modes']['mean']:.1f}", "hq": f"{100 * best['hq']['mean']:.0f}"})
    return _noted(markdown_table(rows, {"objective": "objective", "points": "sweep points", "best": "best point",
                                        "score": "score", "modes": "modes", "hq": "HQ %"}), sweep)


# --- chapter 4: stacked digits (``python -m vigen.bench stacked``) ----------------------------------------

STACKED_NAMES = {"gan": "GAN (non-saturating)", "pacgan2": "PacGAN2", "pacgan4": "PacGAN4",
                 "control": "GAN, VI-GAN's G-steps, no penalty", "vigan": "VI-GAN (Su's regularizer)"}
"""The stacked-digits models in the order of chapter 4's table, with their display names."""

STACKED_TARGETS = {"modes": 990, "kl": 0.2, "margin_se": 3.0, "quality_points": 5.0}
"""The VI-GAN's targets on stacked digits: at least 990 of 1000 modes and a KL of at most 0.2 (means over
seeds), each better than the plain GAN's and the no-penalty control's by more than 3 standard errors, and a
quality share within 5 percentage points of the ceiling's (real stacked test digits)."""


def stacked_table(results: dict | None = None) -> str:
    """Experiment E4's stacked-digits table: each model's modes (of 1000), KL from uniform and quality share, mean
    ± s.e. over seeds, seconds per run, and the ruler's ceiling (real stacked test digits) as the last row.
    ``results`` defaults to ``load_results("stacked")``."""
    results = load_results("stacked") if results is None else results
    entries = {e["model"]: e for e in results["summary"]}
    rows = [{"model": name, "modes": _fmt(entries[m]["modes"]), "kl": _fmt(entries[m]["kl"], digits=2),
             "quality": _fmt(entries[m]["quality"], 100) if "quality" in entries[m] else "–",
             "seeds": entries[m]["n"], "seconds": f"{entries[m]['seconds']['mean']:.0f}"}
            for m, name in STACKED_NAMES.items() if m in entries]
    top = results["settings"]["ceiling"]
    rows.append({"model": "ceiling: real stacked test digits", "modes": str(top["modes"]), "kl": f"{top['kl']:.2f}",
                 "quality": f"{100 * top['quality']:.1f}" if "quality" in top else "–", "seeds": "–", "seconds": "–"})
    return _noted(markdown_table(rows, {"model": "model", "modes": "modes of 1000", "kl": "KL from uniform",
                                        "quality": "quality %", "seeds": "seeds", "seconds": "s/run"}), results)


def stacked_differences(results: dict | None = None, *, against=("gan", "control", "pacgan4")) -> str:
    """The VI-GAN minus each model of ``against`` on stacked digits: modes and KL (:func:`difference`, mean ±
    s.e.), the difference in standard errors, and a verdict: better or worse beyond 3 s.e. (the target's
    margin), else within 3 s.e."""
    results = load_results("stacked") if results is None else results
    entries = {e["model"]: e for e in results["summary"]}
    rows = []
    for other in against:
        if "vigan" not in entries or other not in entries:
            continue
        row = {"other": STACKED_NAMES[other]}
        for metric, sign, digits in (("modes", 1, 1), ("kl", -1, 2)):
            d, se = difference(entries["vigan"], entries[other], metric)
            z = _in_se(d, se)
            verdict = ("no s.e." if math.isnan(z) else "within 3 s.e." if abs(z) <= STACKED_TARGETS["margin_se"]
                       else "better" if sign * d > 0 else "worse")
            row[metric] = f"{d:+.{digits}f} ± {se:.{digits}f} ({abs(z):.1f} s.e., {verdict})"
        rows.append(row)
    return markdown_table(rows, {"other": "VI-GAN minus", "modes": "modes", "kl": "KL (lower is better)"})


def stacked_target_report(results: dict | None = None) -> list:
    """One line per stacked-digits target of :data:`STACKED_TARGETS`, met or not."""
    results = load_results("stacked") if results is None else results
    entries = {e["model"]: e for e in results["summary"]}
    v = entries["vigan"]
    lines = [f"VI-GAN, stacked digits: {v['modes']['mean']:.1f} modes, KL {v['kl']['mean']:.3f} (target >= "
             f"{STACKED_TARGETS['modes']} modes, KL <= {STACKED_TARGETS['kl']:g}): "
             + ("met" if v["modes"]["mean"] >= STACKED_TARGETS["modes"] and v["kl"]["mean"] <= STACKED_TARGETS["kl"]
                else "NOT met")]
    for other in ("gan", "control"):
        zs = []
        for metric, sign in (("modes", 1), ("kl", -1)):
            d, se = difference(v, entries[other], metric)
            zs.append(_in_se(sign * d, se))
        met = all(z > STACKED_TARGETS["margin_se"] for z in zs)
        lines.append(f"VI-GAN better than {STACKED_NAMES[other]} by more than {STACKED_TARGETS['margin_se']:g} s.e. "
                     f"(modes {zs[0]:.1f} s.e., KL {zs[1]:.1f} s.e.): {'met' if met else 'NOT met'}")
    top = results["settings"]["ceiling"]
    if "quality" in v and "quality" in top:
        gap = 100 * (top["quality"] - v["quality"]["mean"])
        met = gap <= STACKED_TARGETS["quality_points"]
        lines.append(f"VI-GAN quality share {100 * v['quality']['mean']:.1f}%, {gap:.1f} points below the ceiling's "
                     f"{100 * top['quality']:.1f}% (target within {STACKED_TARGETS['quality_points']:g}): "
                     f"{'met' if met else 'NOT met'}")
    return lines


def stacked_curves(results: dict | None = None) -> dict:
    """Modes, KL and quality along training, ``{model: {"steps", "modes", "modes_se", "kl", "kl_se", ...}}``,
    mean and standard error over seeds at each scored step (the rows' ``curve_modes``, ``curve_kl`` and, where
    stored, ``curve_quality``)."""
    results = load_results("stacked") if results is None else results
    out = {}
    for model in STACKED_NAMES:
        rows = [r for r in results["rows"] if r["model"] == model]
        if not rows:
            continue
        curve = {"steps": results["settings"]["curve_steps"]}
        for metric in ("modes", "kl", "quality"):
            if not all(f"curve_{metric}" in r for r in rows):
                continue
            stats = [mean_se(vals) for vals in zip(*(r[f"curve_{metric}"] for r in rows))]
            curve[metric], curve[f"{metric}_se"] = [m for m, _ in stats], [se for _, se in stats]
        out[model] = curve
    return out


def stacked_family(entry: dict) -> str:
    """The stacked-digits model (a key of :data:`STACKED_NAMES`) that a sweep point's knobs ``pack``, ``lam``
    and ``g_steps`` belong to: a penalty makes it the VI-GAN, generator steps without one the control."""
    if entry["lam"] > 0:
        return "vigan"
    if entry["g_steps"] > 1:
        return "control"
    return "gan" if entry["pack"] == 1 else f"pacgan{entry['pack']}"


def stacked_sweep_winners(sweep: dict | None = None) -> dict:
    """``{model: knobs}``: each model's best sweep point by :func:`sweep_score` (for the VI-GAN the best on each
    of its axes through the centre), with ``edges``, the axes whose winner sits at an end of its grid (the
    generator steps may stop at 2, the fewest the penalty allows)."""
    sweep = load_results("stacked_sweep") if sweep is None else sweep
    grids = {"lr": sweep["settings"]["lr"], **sweep["settings"]["vigan_axes"]}
    centre = sweep["settings"]["vigan_centre"]
    out = {}
    for family in STACKED_NAMES:
        entries = [e for e in sweep["summary"] if stacked_family(e) == family]
        if family == "control":                 # the control at the VI-GAN's generator steps
            entries = [e for e in entries if e["g_steps"] == centre["g_steps"]]
        axes = ("lr",) if family != "vigan" else tuple(sweep["settings"]["vigan_axes"])
        knobs = {"edges": []}
        for axis in axes:
            values = sorted(grids[axis])
            line = [e for e in entries if e[axis] in values
                    and (family != "vigan" or all(e[k] == centre[k] for k in centre if k != axis))]
            if not line:
                continue
            best = max(line, key=lambda e: e["score"])
            i = values.index(best[axis])
            knobs[axis] = best[axis]
            if i == len(values) - 1 or (i == 0 and not (axis == "g_steps" and values[0] == 2)):
                knobs["edges"].append(axis)
        out[family] = knobs
    return out


def stacked_sweep_table(sweep: dict | None = None) -> str:
    """Chapter 4's stacked-digits sweep: every point's knobs, mean modes and KL over the sweep seeds and its
    :func:`sweep_score` ± s.e.  ``sweep`` defaults to ``load_results("stacked_sweep")``."""
    sweep = load_results("stacked_sweep") if sweep is None else sweep
    order = {m: i for i, m in enumerate(STACKED_NAMES)}
    entries = sorted(sweep["summary"], key=lambda e: (order[stacked_family(e)], e["lam"], e["lr"], e["g_steps"]))
    rows = [{"model": STACKED_NAMES[stacked_family(e)], "lr": f"{e['lr']:g}", "lam": f"{e['lam']:g}",
             "k": e["g_steps"], "modes": f"{e['modes']['mean']:.0f}", "kl": f"{e['kl']['mean']:.2f}",
             "score": f"{e['score']:.3f} ± {e['score_se']:.3f}", "seconds": f"{e['seconds']['mean']:.0f}"}
            for e in entries]
    return _noted(markdown_table(rows, {"model": "model", "lr": "lr", "lam": "λ", "k": "G-steps", "modes": "modes",
                                        "kl": "KL", "score": "score ± s.e.", "seconds": "s/run"}), sweep)


# --- the experiments at a glance (chapter 7) ------------------------------------------------------------

EXPERIMENTS = {"E1": "likelihood on digits", "E2": "modes on ring-8 and grid-25", "E3": "Su's claims",
               "E4": "stacked digits", "E5": "the AAE and ALI"}
"""The experiment pages of the book, by their numbers."""


def experiment_headlines() -> str:
    """One line per experiment page (:data:`EXPERIMENTS`): the number each page is about, as mean ± s.e. over
    its seeds, read from the stored results; chapter 7's overview of the experiments."""
    ll = {e["model"]: e["test_ll_k5000"] for e in load_results("vae")["summary"]}
    best_em = max(digits_baselines().items(), key=lambda kv: kv[1][0])
    gan = {(e["model"], e["dataset"]): e for e in load_results("gan")["summary"]}
    dsteps = {(e["model"], e["dataset"]): e for e in load_results("gan_dsteps")["summary"]}
    stacked = {e["model"]: e for e in load_results("stacked")["summary"]}
    modes = {(e["model"], e["dataset"]): e for e in load_results("aae_ali")["summary"]}
    lost = {m: difference(dsteps[(f"{m}_d5", "grid25")], dsteps[(f"{m}_d1", "grid25")], "modes")
            for m in ("gan", "vigan")}
    rows = [
        {"page": "E1", "measure": "test log-likelihood, nats per digit (k = 5000)",
         "result": f"VAE {_fmt(ll['vae'], digits=2)}, IWAE {_fmt(ll['iwae'], digits=2)}; best EM mixture "
                   f"({best_em[0].removesuffix(' (EM)')}) {best_em[1][0]:.2f} ± {best_em[1][1]:.2f}"},
        {"page": "E2", "measure": "grid-25: modes of 25 / HQ %",
         "result": "; ".join(f"{MODEL_NAMES[m].split(' (')[0]} {_fmt(gan[(m, 'grid25')]['modes'])} / "
                             f"{_fmt(gan[(m, 'grid25')]['hq'], 100)}" for m in ("gan", "pacgan4", "vigan"))},
        {"page": "E3", "measure": "grid-25: modes, 5 minus 1 D-steps per phase",
         "result": "; ".join(f"{MODEL_NAMES[m].split(' (')[0]} {d:+.1f} ± {se:.1f}" for m, (d, se) in lost.items())},
        {"page": "E4", "measure": "stacked digits: modes of 1000",
         "result": "; ".join(f"{name} {_fmt(stacked[m]['modes'])}" for m, name in
                             (("gan", "GAN"), ("control", "no penalty, VI-GAN's G-steps"), ("vigan", "VI-GAN")))},
        {"page": "E5", "measure": "grid-25: modes of 25 / HQ %",
         "result": "; ".join(f"{MODEL_NAMES[m].removeprefix('ALI, ')} {_fmt(modes[(m, 'grid25')]['modes'])} / "
                             f"{_fmt(modes[(m, 'grid25')]['hq'], 100)}"
                             for m in ("aae", "ali_su", "ali_su_full", "ali_standard"))},
    ]
    for row in rows:
        row["page"] = f"{row['page']}, {EXPERIMENTS[row['page']]}"
    return markdown_table(rows, {"page": "experiment", "measure": "measure", "result": "mean ± s.e. over seeds"})


# --- every benchmark at once (``python -m vigen.bench all``) ------------------------------------------


def summary_report() -> str:
    """Every stored benchmark's table (the chapters' tables, with the published rows) and every target,
    met or not, as one Markdown text: what ``python -m vigen.bench all`` prints at the end."""
    met = em_targets_met()
    parts = [
        ("E1: VAE and IWAE on digits", vae_table()), ("", "\n".join(ll_target_report())),
        ("E1: Bernoulli mixtures on digits", em_table()),
        ("E1: EM against scikit-learn", em_speed_table()),
        ("", "\n".join(f"EM {k} target ({EM_TARGETS[k]:g}): {'met' if v else 'NOT met'}" for k, v in met.items())),
        ("E2: the GAN's sweep", gan_sweep_table()),
        ("E2: GAN, PacGAN2, PacGAN4 and VI-GAN", gan_table()),
        ("E2: VI-GAN minus PacGAN4 at the same budget", vigan_vs_pacgan()),
        ("E3: discriminator steps", dsteps_table()), ("E3: λ across scales", gan_scale_table()),
        ("E5: AAE", aae_table()), ("E5: ALI", ali_table()), ("E5: ALI's sweep", ali_sweep_table()),
        ("Targets on the mode protocol", "\n".join(target_report())),
        ("E4: stacked digits, the sweep", stacked_sweep_table()),
        ("E4: stacked digits", stacked_table()), ("", stacked_differences()),
        ("", "\n".join(stacked_target_report())),
    ]
    return "\n\n".join((f"## {title}\n\n" if title else "") + body for title, body in parts)
