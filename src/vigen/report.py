"""One home for results: where they are stored, their mean ± standard error, the published rows
and targets they are compared with, and one Markdown table renderer for every chapter.

The benchmarks (``python -m vigen.bench NAME``) write ``results/NAME.json`` with a ``summary``
computed here (:func:`summarize`); the chapters load it (:func:`load_results`) and show it
as a Markdown table (:func:`markdown_table`) with the published rows and targets beside it.
No chapter retypes a published number or a target: they live here.
"""
from __future__ import annotations

import html
import importlib.resources
import json
import math
from pathlib import Path

import numpy as np
import torch

__all__ = ["results_path", "samples_path", "load_results", "summarize", "difference", "markdown_table",
           "PUBLISHED_MODE_ROWS", "MODEL_NAMES", "MODE_TARGETS", "MODE_COLUMNS", "mode_table", "target_report",
           "DIGITS_COLUMNS", "digits_table"]


# --- where results live --------------------------------------------------------------------------

def results_path(name: str) -> Path:
    """Where benchmark ``name`` stores its JSON: ``vigen/results/NAME.json``.

    The folder ships inside the package (so Colab, which has no repository checkout,
    can read the results), and the repository links it as ``book/results``.
    """
    return Path(__file__).resolve().parent / "results" / f"{name}.json"


def samples_path(bench: str, model: str, dataset: str, seed: int):
    """``results/samples/<bench>_<model>_<dataset>_<seed>.npy``."""
    return results_path(bench).parent / "samples" / f"{bench}_{model}_{dataset}_{seed}.npy"


def load_results(name: str) -> dict:
    """Load the stored results of benchmark ``name`` (written by ``python -m vigen.bench NAME``)."""
    resource = importlib.resources.files("vigen") / "results" / f"{name}.json"
    if not resource.is_file():
        raise FileNotFoundError(f"no stored results for {name!r}: run `python -m vigen.bench {name}`"
                                " from the repository root")
    return json.loads(resource.read_text())


# --- mean ± standard error --------------------------------------------------------------------------

def summarize(rows: list, metrics=("modes", "hq", "rev_kl", "seconds")) -> list:
    """Mean and standard error (std / sqrt(n), ddof=1) of each metric per (model, dataset)."""
    groups: dict = {}
    for r in rows:
        groups.setdefault((r["model"], r["dataset"]), []).append(r)
    out = []
    for (model, dataset), rs in groups.items():
        entry = {"model": model, "dataset": dataset, "n": len(rs)}
        for m in metrics:
            vals = np.array([r[m] for r in rs if m in r], dtype=float)
            if len(vals):
                se = vals.std(ddof=1) / math.sqrt(len(vals)) if len(vals) > 1 else float("nan")
                entry[m] = {"mean": float(vals.mean()), "se": float(se)}
        out.append(entry)
    return out


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



# --- tables ------------------------------------------------------------------------------------------

def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: list, columns: dict) -> str:
    """A Markdown table of ``rows`` (dicts) with ``columns`` (key -> title); missing keys print '–'.

    Examples
    --------
    >>> print(markdown_table([{"a": 1}], {"a": "A", "b": "B"}))
    | A | B |
    |---|---|
    | 1 | – |
    """
    if not isinstance(columns, dict) or not columns:
        raise ValueError("columns must be a non-empty dict of key -> title")
    lines = ["| " + " | ".join(columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(k, "–")) for k in columns) + " |")
    return "\n".join(lines)



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


DIGITS_COLUMNS = {"model": "Model", "test_ll": "Test log-likelihood (nats/image)", "seeds": "Seeds",
                  "reference": "Reference value (protocol)"}
"""Columns of :func:`digits_table`."""

MODE_COLUMNS = {"model": "Model", "source": "Source", "ring8": "ring-8", "grid25": "grid-25"}
"""Columns of :func:`mode_table`."""


def _mean_se(values) -> tuple:
    t = torch.as_tensor(values, dtype=torch.float64)
    se = (t.std() / len(t) ** 0.5).item() if len(t) > 1 else float("nan")
    return t.mean().item(), se


def digits_table() -> list:
    """Rows ``{model, test_ll, seeds, reference}`` of the stored digits benchmarks, best last:
    the classical baselines of ``em.json`` and the k=5000 estimates of ``vae.json``."""
    rows = []
    for r in load_results("em")["rows"]:
        if r.get("table") == "digits":
            name = r["model"] + (f", K={r['K']}" if r["K"] > 1 else "")
            rows.append({"model": name, "test_ll": f"{r['mean']:.2f} ± {r['se']:.2f}", "seeds": r["seeds"],
                         "reference": f"{r['reference']:.2f}", "_mean": r["mean"]})
    vae_rows = load_results("vae")["rows"]
    for model, label in (("vae", "VAE (ELBO), k=5000"), ("iwae", "IWAE (k=10), k=5000")):
        scores = [r["test_ll_k5000"] for r in vae_rows if r["model"] == model]
        if scores:
            mean, se = _mean_se(scores)
            rows.append({"model": label, "test_ll": f"{mean:.2f} ± {se:.2f}", "seeds": len(scores),
                         "reference": "–", "_mean": mean})
    return sorted(rows, key=lambda r: r["_mean"])


def _fmt(stat: dict, scale: float = 1.0, digits: int = 1) -> str:
    return f"{scale * stat['mean']:.{digits}f} ± {scale * stat['se']:.{digits}f}"


MODEL_NAMES = {"gan": "GAN (non-saturating)", "vigan": "VI-GAN (Su's regularizer)", "aae": "AAE",
               "ali_su": "ALI, Su's truncated loss", "ali_su_full": "ALI, Su's full objective",
               "ali_standard": "ALI, standard objective"}
"""Display names of the benchmark models."""

MODE_TARGETS = {
    # (model, dataset): (modes at least, HQ fraction at least, reverse KL at most or None); the protocol's targets
    ("vigan", "ring8"): (7.9, 0.95, 0.05),
    ("vigan", "grid25"): (24.8, 0.936, 0.04),
    ("ali_su", "grid25"): (24.1, 0.957, None),
    ("ali_su_full", "grid25"): (24.1, 0.957, None),
    ("ali_standard", "grid25"): (24.1, 0.957, None),
}
"""The book's targets on the mode protocol: PacGAN4's rows for the VI-GAN, PacGAN's ALI row for ALI."""


def target_report(benchmarks=("gan", "aae_ali")) -> list:
    """One line per target of :data:`MODE_TARGETS`: the stored mean against the target, met or not."""
    summary = {(s["model"], s["dataset"]): s for b in benchmarks for s in load_results(b)["summary"]}
    lines = []
    for (model, dataset), (modes, hq, rev_kl) in MODE_TARGETS.items():
        s = summary.get((model, dataset))
        if s is None:
            lines.append(f"{MODEL_NAMES[model]}, {dataset}: not measured")
            continue
        met = s["modes"]["mean"] >= modes and s["hq"]["mean"] >= hq
        met = met and (rev_kl is None or s["rev_kl"]["mean"] <= rev_kl)
        want = f">= {modes:g} modes, >= {100 * hq:.1f}% HQ" + ("" if rev_kl is None else f", revKL <= {rev_kl:g}")
        got = f"{s['modes']['mean']:.1f} modes, {100 * s['hq']['mean']:.1f}% HQ, revKL {s['rev_kl']['mean']:.3f}"
        lines.append(f"{MODEL_NAMES[model]}, {dataset}: {got} (target {want}): {'met' if met else 'NOT met'}")
    return lines


def mode_table(benchmarks=("gan", "aae_ali")) -> list:
    """Rows ``{model, source, ring8, grid25}`` of our stored benchmarks (mean ± s.e. over seeds)
    followed by the published rows; each cell reads 'modes / HQ% / reverse KL'."""
    rows: dict = {}
    for bench in benchmarks:
        stored = load_results(bench)
        for s in stored["summary"]:
            cell = f"{_fmt(s['modes'])} / {_fmt(s['hq'], 100)} / {_fmt(s['rev_kl'], 1, 3)}"
            row = rows.setdefault(s["model"], {"model": MODEL_NAMES.get(s["model"], s["model"]),
                                               "source": f"this book ({s['n']} seeds)"})
            row[s["dataset"]] = cell
    out = list(rows.values())
    for model, ring, grid, source in PUBLISHED_MODE_ROWS:
        cell = lambda t: " / ".join("–" if v is None else f"{v:g}" for v in t)  # noqa: E731
        out.append({"model": model, "source": source, "ring8": cell(ring), "grid25": cell(grid)})
    return out


# --- chapter tables (to be rendered through markdown_table) ---

def ll_summary(rows, *, ks=(1, 100, 1000, 5000)) -> dict:
    """Mean and standard error over seeds of each model's ``test_ll_k{k}``: ``{model: {k: (mean, se)}}``."""
    out = {}
    for model in dict.fromkeys(r["model"] for r in rows):
        mine = [r for r in rows if r["model"] == model]
        out[model] = {}
        for k in ks:
            v = np.array([r[f"test_ll_k{k}"] for r in mine], dtype=float)
            se = v.std(ddof=1) / math.sqrt(len(v)) if len(v) > 1 else float("nan")
            out[model][k] = (float(v.mean()), float(se))
    return out


def ll_markdown(summary: dict, baselines: dict, *, ks=(1, 100, 1000, 5000)) -> str:
    """A Markdown table: one row per model (mean ± s.e. for each k), then one per baseline.

    A baseline's value is exact (no importance sampling), either a float or a
    ``(mean, se)`` pair over seeds; it is written in the last column only.
    """
    head = "| model | " + " | ".join(f"k = {k}" for k in ks) + " |\n|---|" + "---:|" * len(ks) + "\n"
    body = "".join(f"| {name} | " + " | ".join(f"{m:.2f} ± {s:.2f}" for m, s in (stats[k] for k in ks)) + " |\n"
                   for name, stats in summary.items())
    for name, value in baselines.items():
        mean, se = value if isinstance(value, tuple) else (value, float("nan"))
        cell = f"{mean:.2f}" if math.isnan(se) else f"{mean:.2f} ± {se:.2f}"
        body += f"| {name} | " + " | ".join(["–"] * (len(ks) - 1) + [f"{cell} (exact)"]) + " |\n"
    return head + body


def modes_table(summary, *, model: str, label: str, published=PUBLISHED_MODE_ROWS) -> list:
    """Rows ``[model, ring-8 cell, grid-25 cell, source]``: the benchmark's mean ± s.e. for ``model``
    (from ``vigen.report.summarize``), then the published rows (``vigen.report.PUBLISHED_MODE_ROWS``).
    Each cell reads modes / HQ % / rev. KL.
    """
    def ours(dataset):
        s = next(r for r in summary if r["model"] == model and r["dataset"] == dataset)
        return (f"{s['modes']['mean']:.1f} ± {s['modes']['se']:.1f} / {100 * s['hq']['mean']:.1f} ± "
                f"{100 * s['hq']['se']:.1f} / {s['rev_kl']['mean']:.2f} ± {s['rev_kl']['se']:.2f}"), s["n"]

    def fmt(row):
        return " / ".join("–" if v is None else f"{v:g}" for v in row)

    (ring, n), (grid, _) = ours("ring8"), ours("grid25")
    return [[label, ring, grid, f"this book, {n} seeds"]] + [[m, fmt(r), fmt(g), src] for m, r, g, src in published]


def modes_html(summary, *, model: str, label: str, published=PUBLISHED_MODE_ROWS) -> str:
    """:func:`modes_table` as an HTML table (HTML renders alike in Jupyter, Colab and the book).

    The sources are named in the table and cited in the chapter's prose.
    """
    head = ("model", "ring-8: modes / HQ % / rev. KL", "grid-25: modes / HQ % / rev. KL", "source")
    rows = modes_table(summary, model=model, label=label, published=published)
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + cells + "</tbody></table>")


def bench_table(summary: list, published: dict, *, datasets=("ring8", "grid25")) -> str:
    """A plain-text table: mean ± s.e. of the stored runs beside published rows.

    ``summary`` is :func:`vigen.report.summarize` output; ``published`` maps a
    row name to ``{dataset: (modes, hq_percent, rev_kl or None)}``.
    """
    def cell(e, key, scale=1.0, digits=1):
        return f"{scale * e[key]['mean']:.{digits}f} ± {scale * e[key]['se']:.{digits}f}"

    lines = [f"{'':<22}" + "".join(f"{d + ': modes / HQ% / revKL':<42}" for d in datasets)]
    by_model: dict = {}
    for e in summary:
        by_model.setdefault(e["model"], {})[e["dataset"]] = e
    for model, entries in by_model.items():
        cells = [f"{cell(entries[d], 'modes')} / {cell(entries[d], 'hq', 100)} / {cell(entries[d], 'rev_kl', 1, 2)}"
                 for d in datasets]
        lines.append(f"{model + ' (here)':<22}" + "".join(f"{c:<42}" for c in cells))
    for name, row in published.items():
        cells = [" / ".join("–" if v is None else f"{v:g}" for v in row[d]) for d in datasets]
        lines.append(f"{name:<22}" + "".join(f"{c:<42}" for c in cells))
    return "\n".join(lines)
