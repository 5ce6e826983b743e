"""vigen.framework (chapter 7's table), vigen.report's tables and the label chain rule of vigen.exact.gan."""
import pytest
import torch

from vigen import framework, report
from vigen.exact import gan as exact_gan
from vigen.models.adversarial import optimal_discriminator
from vigen.report import PUBLISHED_MODE_ROWS


def test_every_model_module_declares_a_complete_row():
    rows = framework.framework_rows()
    assert [r["model"] for r in rows][:2] == ["VAE", "EM (mixtures)"]
    assert all(set(framework.COLUMNS) <= set(r) for r in rows)


def test_framework_rows_rejects_modules_without_a_row():
    with pytest.raises(ValueError, match="modules must be names among"):
        framework.framework_rows(["kl"])
    with pytest.raises(ValueError, match="modules"):
        framework.framework_rows([3])


def test_markdown_table_escapes_bars_and_fills_missing_cells():
    table = report.markdown_table([{"a": "p(z|x)"}], {"a": "A", "b": "B"})
    assert table.splitlines()[2] == "| p(z\\|x) | – |"
    with pytest.raises(ValueError, match="columns"):
        report.markdown_table([], {})


@pytest.mark.parametrize("seed", range(20))
def test_label_chain_rule_and_the_optimal_discriminator(seed):
    g = torch.Generator().manual_seed(seed)
    p_data, q_gen = torch.distributions.Dirichlet(torch.ones(5)).sample((2,))
    d = torch.rand(5, generator=g, dtype=torch.float64)
    joint, marginal, gap = exact_gan.label_decomposition(p_data, q_gen, d)
    assert abs(joint - marginal - gap) < 1e-12 and gap >= 0
    tight = exact_gan.label_decomposition(p_data, q_gen, optimal_discriminator(p_data, q_gen))
    assert abs(tight.gap) < 1e-12


@pytest.mark.parametrize("args, match", [
    (([0.5, 0.5], [0.5, 0.5], [0.5]), "one shape"),
    (([1.0, 0.0], [0.5, 0.5], [0.5, 0.5]), "positive"),
    (([0.5, 0.5], [0.5, 0.5], [0.5, 1.5]), "strictly between"),
    (([0.5, 0.6], [0.5, 0.5], [0.5, 0.5]), "p_data"),
])
def test_label_decomposition_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        exact_gan.label_decomposition(*args)


def test_stored_tables_have_our_rows_and_the_published_ones():
    modes = report.mode_table()
    assert sum(r["source"].startswith("this book") for r in modes) >= 1
    assert len([r for r in modes if "Table 1" in r["source"]]) == len(PUBLISHED_MODE_ROWS)
    digits = report.digits_table()
    assert [r["_mean"] for r in digits] == sorted(r["_mean"] for r in digits)
    assert all(line.endswith(("met", "not measured")) for line in report.target_report())
