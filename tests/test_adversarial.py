"""vigen.models.adversarial (the binary-label pieces) and vigen.bench.mode_coverage (the shared 2-D protocol)."""
import math

import pytest
import torch

from vigen.bench import mode_coverage
from vigen.core.data import RING8, sample_mixture
from vigen.models import adversarial as adv


def test_log_d_and_log_one_minus_d_match_sigmoid_and_stay_finite():
    logits = torch.tensor([-3.0, 0.0, 2.5], dtype=torch.float64)
    torch.testing.assert_close(adv.log_d(logits), torch.sigmoid(logits).log())
    torch.testing.assert_close(adv.log_one_minus_d(logits), (1 - torch.sigmoid(logits)).log())
    extreme = torch.tensor([-1e4, 1e4])
    assert torch.isfinite(adv.log_d(extreme)).all() and torch.isfinite(adv.log_one_minus_d(extreme)).all()


def test_discriminator_loss_is_binary_cross_entropy():
    g = torch.Generator().manual_seed(0)
    one, zero = torch.randn(7, generator=g), torch.randn(5, generator=g)
    loss, parts = adv.discriminator_loss(one, zero)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    expected = bce(one, torch.ones(7)) + bce(zero, torch.zeros(5))
    torch.testing.assert_close(loss, expected)
    assert set(parts) == {"d_loss", "d_one", "d_zero"}
    assert math.isclose(parts["d_one"], torch.sigmoid(one).mean().item(), rel_tol=1e-6)


def test_optimal_discriminator_minimises_the_expected_bce():
    """On tables, BCE(D) = -sum p1 log D - sum p0 log(1-D) is minimised pointwise at p1/(p1+p0)."""
    p1 = torch.tensor([0.1, 0.4, 0.5, 0.0], dtype=torch.float64)
    p0 = torch.tensor([0.3, 0.3, 0.2, 0.2], dtype=torch.float64)
    logits = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([logits], max_iter=200, tolerance_grad=1e-14, tolerance_change=0)

    def closure():
        opt.zero_grad()
        loss = -(p1 * adv.log_d(logits)).sum() - (p0 * adv.log_one_minus_d(logits)).sum()
        loss.backward()
        return loss

    opt.step(closure)
    d_star = adv.optimal_discriminator(p1, p0)
    torch.testing.assert_close(torch.sigmoid(logits)[:3].detach(), d_star[:3], atol=1e-6, rtol=0)
    assert d_star[3] == 0.0  # p1 = 0 there: D* = 0


def test_optimal_discriminator_is_one_half_where_both_vanish():
    assert adv.optimal_discriminator([1.0, 0.0], [1.0, 0.0])[1] == 0.5


@pytest.mark.parametrize("p_one, p_zero, match", [
    ([0.5, 0.6], [0.5, 0.5], "p_one"),
    ([0.5, 0.5], [-0.5, 1.5], "p_zero"),
    ([0.5, 0.5], [0.2, 0.3, 0.5], "same shape"),
])
def test_optimal_discriminator_rejects_bad_tables(p_one, p_zero, match):
    with pytest.raises(ValueError, match=match):
        adv.optimal_discriminator(p_one, p_zero)


def test_discriminator_takes_one_input_or_a_pair_and_checks_width():
    d = adv.Discriminator(3, hidden=8)
    assert d(torch.zeros(4, 3)).shape == (4,)
    assert d(torch.zeros(4, 2), torch.zeros(4, 1)).shape == (4,)
    with pytest.raises(ValueError, match="3 features"):
        d(torch.zeros(4, 2))
    with pytest.raises(ValueError, match="in_dim"):
        adv.Discriminator(0)
    with pytest.raises(TypeError, match="logits"):
        adv.log_d([0.0])


def _perfect(spec, seed):
    return mode_coverage.TrainedRun(sample_mixture(spec, mode_coverage.N_SAMPLES, seed=seed), {"recon_error": 0.0})


def _wrong_shape(spec, seed):
    return mode_coverage.TrainedRun(torch.zeros(10, 2), {})


def test_run_one_scores_and_saves_a_perfect_sampler(tmp_path, monkeypatch):
    monkeypatch.setattr(mode_coverage, "samples_path", lambda *a: tmp_path / "s.npy")
    row = mode_coverage.run_one("t", "perfect", _perfect, "ring8", 0)
    assert row["modes"] == 8 and row["hq"] > 0.98 and row["rev_kl"] < 0.01
    assert row["recon_error"] == 0.0 and (tmp_path / "s.npy").exists()
    with pytest.raises(ValueError, match="2500"):
        mode_coverage.run_one("t", "bad", _wrong_shape, "ring8", 0, save=False)


def test_summarize_gives_mean_and_standard_error():
    rows = [{"model": "m", "dataset": "ring8", "modes": v, "hq": 1.0, "rev_kl": 0.0, "seconds": 1.0}
            for v in (6, 8)]
    (entry,) = mode_coverage.summarize(rows)
    assert entry["n"] == 2 and entry["modes"]["mean"] == 7.0
    assert math.isclose(entry["modes"]["se"], 1.0)  # std(ddof=1) = sqrt(2), / sqrt(2)
    assert RING8.name == "ring8"
