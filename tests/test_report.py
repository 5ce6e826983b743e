"""vigen.report: the one mean ± s.e., the one Markdown renderer, the stored summaries and the chapter tables."""
import json
import math
import re
from pathlib import Path

import pytest
import torch

from vigen import report

ROOT = Path(__file__).resolve().parents[1]
STORED = sorted(p.stem for p in report.results_path("em").parent.glob("*.json"))


def test_mean_se_by_hand():
    # [1, 2, 3, 4]: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, variance 5/3 (n - 1 = 3),
    # standard error sqrt(5/3) / sqrt(4) = sqrt(5/12)
    mean, se = report.mean_se([1, 2, 3, 4])
    assert mean == 2.5 and se == pytest.approx(math.sqrt(5 / 12), rel=1e-15)
    assert report.mean_se(torch.tensor([1.0, 2.0, 3.0, 4.0])) == pytest.approx((mean, se))
    single = report.mean_se([3.0])
    assert single[0] == 3.0 and math.isnan(single[1])
    with pytest.raises(ValueError, match="values"):
        report.mean_se([])


def test_summarize_groups_by_configuration_and_reads_lists_of_seeds():
    rows = [{"model": "a", "dataset": "ring8", "seed": s, "modes": m, "hq": 0.5} for s, m in enumerate((6, 8))]
    rows.append({"model": "b", "dataset": "ring8", "seed": 0, "modes": 3})
    a, b = report.summarize(rows, ("modes", "hq"))
    assert (a["model"], a["n"], a["modes"], a["hq"]) == ("a", 2, {"mean": 7.0, "se": 1.0}, {"mean": 0.5, "se": 0.0})
    assert b["n"] == 1 and "hq" not in b and math.isnan(b["modes"]["se"])
    (entry,) = report.summarize([{"model": "m", "K": 3, "scores": [1, 2, 3, 4]}], ("scores",), by=("model", "K"))
    assert entry["n"] == 4 and entry["scores"]["se"] == pytest.approx(math.sqrt(5 / 12))


def test_sweep_score_by_hand():
    entry = {"dataset": "ring8", "modes": {"mean": 6.0}, "hq": {"mean": 0.5}, "rev_kl": {"mean": 0.25}}
    assert report.sweep_score(entry) == pytest.approx(6 / 8 + 0.5 - 0.25)
    assert report.sweep_score(entry, 6) == pytest.approx(1.25)


def test_markdown_table_renders_header_separator_and_rows():
    table = report.markdown_table([{"a": 1, "b": "x|y"}, {"a": "two\nlines"}], {"a": "A", "b": "B"})
    assert table.splitlines() == ["| A | B |", "|---|---|", "| 1 | x\\|y |", "| two lines | – |"]
    for bad in ({}, ["a"], None):
        with pytest.raises(ValueError, match="columns"):
            report.markdown_table([], bad)


@pytest.mark.parametrize("name", STORED)
def test_every_stored_results_file_has_its_summary(name):
    """The stored summary is the summary of the stored rows: it cannot drift from them."""
    stored = report.load_results(name)
    assert list(stored)[:5] == ["settings", "machine", "seconds", "rows", "summary"]
    assert json.dumps(stored["summary"]) == json.dumps(report.summarize_results(name, stored["rows"]))


def test_all_benchmark_files_are_stored():
    assert set(STORED) >= {"em", "vae", "gan", "gan_sweep", "gan_dsteps", "gan_scale", "aae_ali", "ali_sweep",
                           "stacked", "stacked_sweep"}


def test_stored_em_rows_carry_reports_references_and_targets():
    rows = report.load_results("em")["rows"]
    assert {r["K"]: r["reference"] for r in rows if r.get("table") == "digits"} == report.DIGITS_REFERENCE
    assert {r["table"]: r["target"] for r in rows if r["table"] in report.EM_TARGETS} == report.EM_TARGETS


def _columns(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.mark.parametrize("table", [
    report.vae_table, report.em_table, report.em_speed_table, report.gan_sweep_table, report.gan_table,
    report.published_table, report.dsteps_table, report.gan_scale_table, report.aae_table, report.ali_table,
    report.recon_table, report.ali_sweep_table, report.stacked_table, report.stacked_differences,
    report.stacked_sweep_table,
    lambda: report.em_smoothing_table(None, {k: [-20.0, -19.0] for k in report.DIGITS_REFERENCE}, alpha=1e-3),
])
def test_chapter_tables_are_markdown_tables(table):
    text = table()
    body, _, note = text.partition("\n\n")
    lines = body.splitlines()
    assert len(lines) >= 3 and set(lines[1]) == {"|", "-"}
    assert len({_columns(line) for line in lines}) == 1, lines
    assert note == "" or note.startswith("*Stored results")   # the provenance line under a stored table


def test_provenance_note_names_command_commit_and_date():
    results = report.load_results("gan")
    note = report.provenance_note(results)
    p = results.get("provenance")
    if p is None:
        assert "before the benchmarks recorded" in note
    else:
        assert p["command"] in note and p["date"][:10] in note and p["commit"][:7] in note
    assert report.gan_table().endswith(note)


def test_chapter_tables_read_the_stored_summary():
    vae = report.vae_table()
    assert "| VAE (ELBO) | -18.12 ± 0.04 |" in vae and "-18.12 ± 0.04 (exact)" in vae
    assert "| Bernoulli mixture (EM) | 20 | 0.5 | -18.86 ± 0.06 | -19.51 | +0.65 |" in report.em_table()
    vigan = ("| VI-GAN (Su's regularizer) | 8.0 ± 0.0 / 96.4 ± 0.2 / 0.005 ± 0.001 | "
             "24.4 ± 0.4 / 89.9 ± 1.1 / 0.101 ± 0.045 |")      # PacGAN's reverse KL, of the HQ samples
    assert vigan in report.gan_table()
    assert "| PacGAN4 | 7.8 / 95.9 / 0.07 | 24.8 / 93.6 / 0.04 | PacGAN, Table 1 | 4×400" in report.gan_table()
    assert "-12.67 ± 1.86" in report.dsteps_table()
    assert report.ali_table().count("this book, 10 seeds") == 3 and report.ali_table().count("| ALI |") == 2
    assert "0.0 ± 0.0 / 0.0 ± 0.0 / – |" in report.ali_table()           # no HQ sample: PacGAN's KL undefined
    assert "3.22 ± 0.00 (4 seeds)" in report.ali_table()
    assert report.em_targets_met() == {"parity": True, "timing": True}
    lines = report.ll_target_report()
    assert lines[0].startswith("VAE (ELBO): -17.22 ± 0.07") and "NOT reached" in lines[0]
    assert lines[1].endswith("target -16.9: reached; 0 of 3 seeds below it")


def test_digits_baselines_fall_back_to_the_reference_values(monkeypatch):
    def no_em(name):
        raise FileNotFoundError(name)

    monkeypatch.setattr(report, "load_results", no_em)
    baselines = report.digits_baselines()
    assert [v[0] for v in baselines.values()] == list(report.DIGITS_REFERENCE.values())
    assert "(exact)" in report.ll_markdown({}, baselines) and "±" not in report.ll_markdown({}, baselines)


def test_protocol_page_lists_the_digits_targets_and_references():
    page = (ROOT / "book" / "protocol.md").read_text()
    for value in (*report.LL_TARGETS.values(), *report.DIGITS_REFERENCE.values()):
        assert f"{value:g}".replace("-", "−") in page, value


def _distinctive(values) -> set:
    """Numbers of at least three significant digits, as a notebook would type them."""
    return {f"{v:g}" for v in values if v is not None and len(f"{abs(v):g}".replace(".", "").lstrip("0")) >= 3}


def test_no_chapter_types_a_published_number_or_a_target():
    numbers = _distinctive([v for _, ring, grid, _ in report.PUBLISHED_MODE_ROWS for v in (*ring, *grid)])
    numbers |= _distinctive([v for t in report.MODE_TARGETS.values() for v in t])
    numbers |= {f"{v:g}" for v in (*report.LL_TARGETS.values(), *report.DIGITS_REFERENCE.values())}
    literal = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.])")
    hits = []
    for path in sorted((ROOT / "book").glob("0*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                hits += [f"{path.name}: {m}" for m in literal.findall("".join(cell["source"])) if m in numbers]
    assert not hits, hits


def _sweep_entry(dataset, pack, lr, lam, k, score, se=0.01):
    return {"model": "x", "dataset": dataset, "pack": pack, "lr": lr, "lam_spread2": lam, "g_steps": k,
            "score": score, "score_se": se}


def test_gan_sweep_axes_and_winners_follow_the_vigan_centre():
    centre = {"lam_spread2": 4.0, "lr": 1e-3, "g_steps": 3}
    summary = [_sweep_entry("ring8", 1, lr, 0.0, 1, s) for lr, s in ((1e-3, 0.5), (3e-3, 0.9), (1e-2, 0.1))]
    summary += [_sweep_entry("ring8", 1, 3e-3, 0.0, 3, -2.0)]                       # the control: no curve
    summary += [_sweep_entry("ring8", 1, 1e-3, lam, 3, s) for lam, s in ((1.0, 1.0), (4.0, 1.5), (16.0, 1.2))]
    summary += [_sweep_entry("ring8", 1, lr, 4.0, 3, s) for lr, s in ((3e-4, 1.1), (3e-3, 1.6))]
    summary += [_sweep_entry("ring8", 1, 1e-3, 4.0, k, s) for k, s in ((2, 1.7), (5, 1.0))]
    summary += [_sweep_entry("ring8", 1, 3e-3, 16.0, 3, 9.0)]                      # off every axis: ignored
    sweep = {"settings": {"vigan_centres": {"ring8": centre}}, "summary": summary}
    axes = report.gan_sweep_axes(sweep, "ring8")
    assert set(axes["lr"]) == {"gan", "vigan"} and set(axes["lam_spread2"]) == {"vigan"}
    assert [p[0] for p in axes["lr"]["vigan"]] == [3e-4, 1e-3, 3e-3]
    winners = report.gan_sweep_winners(sweep)
    assert winners[("gan", "ring8")] == {"lr": 3e-3, "edge": False}
    # the VI-GAN's best learning rate is the largest tried: an edge; its best K = 2 is the smallest allowed, not one
    assert winners[("vigan", "ring8")] == {"lr": 3e-3, "lam_spread2": 4.0, "g_steps": 2, "edge": True}


def test_vigan_vs_pacgan_gives_the_difference_and_calls_noise_noise():
    def entry(model, modes, hq, kl, se=0.01):
        return {"model": model, "dataset": "grid25", "modes": {"mean": modes, "se": 0.0},
                "hq": {"mean": hq, "se": se}, "rev_kl": {"mean": kl, "se": se}}
    results = {"summary": [entry("vigan", 25.0, 0.95, 0.02), entry("pacgan4", 25.0, 0.90, 0.021)]}
    (row,) = report.vigan_vs_pacgan(results).splitlines()[2:]
    assert "+0.00 ± 0.00 (within noise)" in row and "+5.0 ± 1.4 (better)" in row
    assert "-0.001 ± 0.014 (within noise)" in row


def test_sweep_curves_draws_error_bars_and_rings_the_choice():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from vigen.plots.gan import sweep_curves
    fig, ax = plt.subplots()
    sweep_curves({"gan": [(1e-3, 0.5, 0.1, False), (3e-3, 0.9, 0.05, True)]}, ax=ax, xlabel="learning rate")
    assert ax.get_xscale() == "log" and len(ax.containers) == 1 and ax.get_xlabel() == "learning rate"
    plt.close(fig)


def _stacked_results(values: dict) -> dict:
    """A stacked-digits results file from ``{model: [(modes, kl), ...]}`` (one pair per seed)."""
    rows = [{"model": m, "dataset": "stacked_digits", "seed": s, "modes": modes, "kl": kl, "seconds": 10.0,
             "curve_modes": [modes // 2, modes], "curve_kl": [2 * kl, kl]}
            for m, pairs in values.items() for s, (modes, kl) in enumerate(pairs)]
    return {"rows": rows, "summary": report.summarize_results("stacked", rows), "seconds": 60.0,
            "settings": {"curve_steps": [2, 4], "ceiling": {"modes": 1000, "kl": 0.05}}}


def test_stacked_sweep_score_and_differences_by_hand():
    entry = {"modes": {"mean": 990.0}, "kl": {"mean": 0.25}}
    assert report.sweep_score(entry) == pytest.approx(0.99 - 0.25)
    # VI-GAN modes 995, 997 (mean 996, se 1); GAN 900, 910 (mean 905, se 5): +91 ± sqrt(26) = 17.8 s.e.
    # KL: VI-GAN 0.1, 0.1 (se 0); GAN 0.1, 0.3 (mean 0.2, se 0.1): -0.1 ± 0.1, 1 s.e.: within 3 s.e.
    results = _stacked_results({"gan": [(900, 0.1), (910, 0.3)], "vigan": [(995, 0.1), (997, 0.1)],
                                "control": [(990, 0.1), (990, 0.1)]})
    table = report.stacked_differences(results, against=("gan", "control"))
    assert "+91.0 ± 5.1 (17.8 s.e., better)" in table and "-0.10 ± 0.10 (1.0 s.e., within 3 s.e.)" in table
    assert "+6.0 ± 1.0 (6.0 s.e., better)" in table and "+0.00 ± 0.00 (0.0 s.e., within 3 s.e.)" in table
    lines = report.stacked_target_report(results)
    assert lines[0].endswith(": met") and "KL 0.100" in lines[0]
    assert all(line.endswith("NOT met") for line in lines[1:])     # the KL is within noise of both


def test_stacked_table_and_curves():
    results = _stacked_results({"gan": [(900, 0.4), (910, 0.2)], "vigan": [(995, 0.1), (997, 0.1)]})
    table = report.stacked_table(results)
    assert "| GAN (non-saturating) | 905.0 ± 5.0 | 0.30 ± 0.10 | – | 2 | 10 |" in table   # no quality stored
    assert "| ceiling: real stacked test digits | 1000 | 0.05 |" in table
    curves = report.stacked_curves(results)
    assert list(curves) == ["gan", "vigan"] and curves["gan"]["steps"] == [2, 4]
    assert curves["gan"]["modes"] == [452.5, 905.0] and curves["gan"]["kl_se"] == pytest.approx([0.2, 0.1])


def test_stacked_sweep_winners_one_axis_at_a_time():
    def entry(pack, lr, lam, k, modes, kl):
        return {"model": "x", "pack": pack, "lr": lr, "lam": lam, "g_steps": k, "modes": {"mean": modes},
                "kl": {"mean": kl}, "score": modes / 1000 - kl, "seconds": {"mean": 1.0}}
    summary = [entry(1, lr, 0.0, 1, 900, kl) for lr, kl in ((1e-3, 0.5), (3e-3, 0.4), (1e-2, 0.6))]
    summary += [entry(1, 1e-3, lam, 3, 990, kl) for lam, kl in ((0.5, 0.3), (1.0, 0.2), (2.0, 0.25))]
    summary += [entry(1, lr, 1.0, 3, 990, kl) for lr, kl in ((3e-3, 0.1), (1e-2, 0.3))]
    summary += [entry(1, 1e-3, 1.0, k, 990, kl) for k, kl in ((2, 0.15), (5, 0.3))]
    sweep = {"summary": summary, "settings": {"lr": [1e-3, 3e-3, 1e-2], "vigan_centre": {"pack": 1, "lr": 1e-3,
             "lam": 1.0, "g_steps": 3}, "vigan_axes": {"lam": [0.5, 1.0, 2.0], "lr": [1e-3, 3e-3, 1e-2],
                                                       "g_steps": [2, 3, 5]}}}
    winners = report.stacked_sweep_winners(sweep)
    assert winners["gan"] == {"edges": [], "lr": 3e-3}
    assert winners["vigan"] == {"edges": [], "lam": 1.0, "lr": 3e-3, "g_steps": 2}   # 2 steps: not an edge
    summary.append(entry(1, 1e-3, 1.0, 5, 999, 0.05))                                  # now 5 steps win: an edge
    assert report.stacked_sweep_winners(sweep)["vigan"]["edges"] == ["g_steps"]
