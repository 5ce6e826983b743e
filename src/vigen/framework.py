"""The closing chapter's tables, read from the code so that they cannot drift from it.

Each model module declares ``FRAMEWORK``: what its latent variable is, the two
joints it compares (the KL's first and second slot), which KL it minimises, what it learns and what it drops.
:func:`framework_rows` collects them; :func:`mode_table` puts the stored
mode-collapse benchmarks (``gan.json``, ``aae_ali.json``) beside the
published rows of ``vigen.metrics.PUBLISHED_MODE_ROWS``.
"""
from __future__ import annotations

import importlib

import torch

from .bench import load_results

__all__ = ["MODEL_MODULES", "COLUMNS", "framework_rows", "markdown_table", "mode_table", "label_decomposition",
           "digits_table", "DIGITS_COLUMNS", "MODE_COLUMNS",
           "MODEL_NAMES", "MODE_TARGETS", "target_report"]

MODEL_MODULES = ("vae", "em", "gan", "aae", "ali")
"""The modules that declare a ``FRAMEWORK`` row, in the book's order."""

COLUMNS = {"model": "Model", "latent": "Latent variable", "first_slot": "First slot (sampled)",
           "second_slot": "Second slot (log-density evaluated)", "kl": "KL minimised", "learned": "Learned",
           "approximated": "Dropped or approximated"}
"""The keys every ``FRAMEWORK`` dict must have, with their column titles."""


def framework_rows(modules=MODEL_MODULES) -> list:
    """The ``FRAMEWORK`` row (a dict, or a tuple of dicts) of each ``vigen.<module>``, checked for the
    keys of :data:`COLUMNS`.

    Examples
    --------
    >>> framework_rows(["vae"])[0]["model"]
    'VAE'
    """
    rows = []
    for name in modules:
        if not isinstance(name, str):
            raise TypeError(f"modules must be module names, got {name!r}")
        declared = getattr(importlib.import_module(f"vigen.{name}"), "FRAMEWORK", None)
        declared = (declared,) if isinstance(declared, dict) else declared
        if not (isinstance(declared, tuple) and declared and all(isinstance(r, dict) for r in declared)):
            raise ValueError(f"vigen.{name} declares no FRAMEWORK dict (or tuple of dicts)")
        for row in declared:
            missing = set(COLUMNS) - set(row)
            if missing:
                raise ValueError(f"vigen.{name}.FRAMEWORK lacks {sorted(missing)}")
            rows.append(row)
    return rows


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
    from .metrics import PUBLISHED_MODE_ROWS

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


def label_decomposition(p_data, q_gen, d):
    """Chain rule of the GAN's label joint (chapter 7, eq:fw-gan-chain) on tables over x.

    With q(x,y) = ½ p̃(x) [y=1] + ½ q(x) [y=0] and p(x,y) = p(y|x) p̃(x), D(x) = p(1|x):

        KL(q(x,y) || p(x,y)) = KL(q̄ || p̃) + E_{x~q̄} KL(q(y|x) || p(y|x)),   q̄ = ½ (p̃ + q).

    Parameters
    ----------
    p_data, q_gen : array-like of shape (n,)
        The data table p̃(x) (positive everywhere) and the generator's table q(x).
    d : array-like of shape (n,)
        The discriminator D(x), strictly between 0 and 1.

    Returns
    -------
    Decomposition
        ``(joint, marginal, gap)`` as in :func:`vigen.kl.joint_kl`.

    Examples
    --------
    >>> d = label_decomposition([0.5, 0.5], [0.9, 0.1], [0.5 / 1.4, 0.5 / 0.6])
    >>> round(d.gap, 12)   # the optimal D closes the gap
    0.0
    """
    from ._validation import as_tensor, check_probability_table
    from .gan_toys import label_joint_kl
    from .kl import Decomposition, kl_discrete

    p_data, q_gen = check_probability_table("p_data", p_data), check_probability_table("q_gen", q_gen)
    d = as_tensor("d", d)
    if not (p_data.shape == q_gen.shape == d.shape and p_data.ndim == 1):
        raise ValueError(f"p_data, q_gen and d must be 1-D of one shape, got {tuple(p_data.shape)}, "
                         f"{tuple(q_gen.shape)} and {tuple(d.shape)}")
    if (p_data <= 0).any():
        raise ValueError("p_data must be positive everywhere (p(x,y) is built on it)")
    joint = label_joint_kl(p_data, q_gen, d)                        # eq:gan-joint-kl of chapter 4
    q_bar = 0.5 * (p_data + q_gen)
    q_y_given_x = torch.stack([0.5 * p_data, 0.5 * q_gen], dim=1) / q_bar[:, None]   # (n, 2); y=1 first
    gap = (q_bar * kl_discrete(q_y_given_x, torch.stack([d, 1 - d], dim=1), axis=-1)).sum()
    return Decomposition(joint.item(), kl_discrete(q_bar, p_data).item(), gap.item())
