"""The AAE of chapter 5: exact table identities, the fit contract, the benchmark hooks, bad inputs."""
import json
import math

import pytest
import torch

from vigen.bench import aae_ali as bench_aae_ali
from vigen.core.data import RING8
from vigen.core.kl import kl_discrete
from vigen.core.train import TrainConfig
from vigen.exact import aae as exact_aae
from vigen.models import aae
from vigen.models.adversarial import optimal_discriminator

TINY = aae.AAEConfig(latent_dim=2, hidden=16, d_hidden=8, train=TrainConfig(steps=40, batch_size=32))


def _tables(seed=0, n=6):
    g = torch.Generator().manual_seed(seed)
    q = torch.rand(n, generator=g, dtype=torch.float64) + 0.1
    p = torch.rand(n, generator=g, dtype=torch.float64) + 0.1
    return q / q.sum(), p / p.sum()


def test_d_step_table_is_minimised_by_the_optimal_discriminator():
    q_z, p_z = _tables()
    d_star = optimal_discriminator(q_z, p_z)
    logits = torch.zeros(6, dtype=torch.float64, requires_grad=True)
    for _ in range(30):                       # Newton on the separable convex loss
        grad, = torch.autograd.grad(exact_aae.d_step_table(logits, q_z, p_z), logits, create_graph=True)
        hess, = torch.autograd.grad(grad.sum(), logits)
        logits = (logits - grad / hess).detach().requires_grad_()
    assert torch.allclose(torch.sigmoid(logits), d_star, atol=1e-12, rtol=0)


def test_encoder_rewrite_is_exact():
    q_z, p_old = _tables(1)
    p_new, _ = _tables(2)
    d = optimal_discriminator(q_z, p_old)
    lhs = exact_aae.encoder_objective_table(p_new, q_z, d)
    rhs = -(p_new * d.log()).sum() + kl_discrete(p_new, p_old)
    assert lhs.item() == pytest.approx(rhs.item(), abs=1e-12)


def test_aggregate_posterior_sums_the_data_weights():
    p_x = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    agg = exact_aae.aggregate_posterior_table(p_x, [1, 1, 0, 2], 4)
    assert torch.allclose(agg, torch.tensor([0.3, 0.3, 0.4, 0.0], dtype=torch.float64), atol=1e-15)


def test_losses_contract_and_gradients_reach_the_right_networks():
    model = aae.AAE(5, 2, hidden=8, d_hidden=8)
    x = torch.randn(12, 5)
    loss, parts = model.d_loss(x)
    assert set(parts) == {"d_loss", "d_one", "d_zero"} and torch.isfinite(loss)
    loss.backward()
    assert all(p.grad is None for p in model.encoder.parameters())         # E(x) is detached in the D-step
    assert all(p.grad is not None for p in model.discriminator.parameters())
    loss, parts = model.g_loss(x)
    assert parts["g_loss"] == pytest.approx(parts["g_adv"] + model.lam * parts["recon"], rel=1e-6)
    groups = model.parameter_groups()
    assert {id(p) for p in groups["d"]}.isdisjoint({id(p) for p in groups["g"]})
    assert len(groups["d"]) + len(groups["g"]) == len(list(model.parameters()))


def test_shapes_sampling_and_repr():
    model = aae.AAE(4, 3, hidden=8, d_hidden=8, output="sigmoid")
    x = torch.rand(7, 4)
    assert model.encode(x).shape == (7, 3) and model.decode(torch.zeros(2, 3)).shape == (2, 4)
    s = model.sample(9, seed=1)
    assert s.shape == (9, 4) and ((s >= 0) & (s <= 1)).all() and torch.equal(s, model.sample(9, seed=1))
    assert model.discriminate(torch.zeros(5, 3)).shape == (5,)
    assert model.recon_error(x) >= 0 and "lam=1" in repr(model)


def test_fit_is_seed_deterministic_and_reconstruction_improves():
    x = torch.randn(200, 3, generator=torch.Generator().manual_seed(0))
    m1, h1 = aae.fit_aae(TINY, x, seed=3, progress=False)
    m2, _ = aae.fit_aae(TINY, x, seed=3, progress=False)
    assert torch.equal(m1.sample(5), m2.sample(5))
    assert {"d_loss", "g_adv", "recon", "g_loss"} <= set(h1)
    untrained = aae.AAE.from_config(TINY, 3)
    assert m1.recon_error(x) < untrained.recon_error(x)


def test_fit_on_a_mixture_spec_infers_two_columns():
    model, _ = aae.fit_aae(TINY, RING8, seed=1, progress=False)
    assert model.data_dim == 2


def test_bench_hooks(monkeypatch):
    monkeypatch.setattr(aae, "BENCH", TINY)
    run = bench_aae_ali.aae_trainer(RING8, 0)
    assert run.samples.shape == (2500, 2) and math.isfinite(run.extras["recon_error"])
    settings = aae.bench_settings()
    json.dumps(settings)
    assert settings["train"]["steps"] == 40


def test_framework_metadata():
    keys = {"model", "latent", "first_slot", "second_slot", "kl", "learned", "approximated"}
    assert set(aae.FRAMEWORK) == keys and all(isinstance(v, str) and v for v in aae.FRAMEWORK.values())


@pytest.mark.parametrize("call, match", [
    (lambda: aae.AAE(0, 2), "data_dim"),
    (lambda: aae.AAE(3, 0), "latent_dim"),
    (lambda: aae.AAE(3, 2, lam=-1.0), "lam"),
    (lambda: aae.AAE(3, 2, output="tanh"), "output"),
    (lambda: aae.AAE(3, 2).encode(torch.zeros(4, 5)), "x must have 3 columns"),
    (lambda: aae.AAE(3, 2).decode(torch.zeros(4, 3)), "z must have 2 columns"),
    (lambda: aae.AAE(3, 2).sample(0), "n"),
    (lambda: aae.AAEConfig(lam=-0.5), "lam"),
    (lambda: exact_aae.aggregate_posterior_table([0.5, 0.5], [0, 3], 2), "codes"),
    (lambda: exact_aae.aggregate_posterior_table([0.5, 0.5], [0.0, 1.0], 2), "codes"),
    (lambda: exact_aae.aggregate_posterior_table([0.5, 0.6], [0, 1], 2), "p_x"),
    (lambda: exact_aae.d_step_table(torch.zeros(3), [0.5, 0.5], [0.5, 0.5]), "same shape"),
    (lambda: exact_aae.d_step_table(torch.zeros(2), [0.5, 0.6], [0.5, 0.5]), "q_z"),
    (lambda: exact_aae.encoder_objective_table([0.5, 0.5], [0.5, 0.5], [1.0, 0.5]), "d must"),
    (lambda: aae.fit_aae(TINY, lambda n, g: torch.zeros(n, 2), seed=0), "data"),   # a sampler: pass a MixtureSpec
    (lambda: aae.fit_aae(TINY, torch.zeros(0, 2), seed=0), "data must not be empty"),
    (lambda: aae.AAEConfig(output="tanh"), "output"),
    (lambda: aae.AAEConfig(d_hidden=0), "d_hidden"),
])
def test_bad_inputs(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="cfg"):
        aae.fit_aae(TrainConfig(), torch.zeros(10, 2))
    with pytest.raises(TypeError, match="train"):
        aae.AAEConfig(train={"steps": 3})
    with pytest.raises(TypeError, match="data_dim"):
        aae.AAE(2.5, 2)


def test_prior_grid_codes_sit_at_the_prior_quantiles():
    from vigen.plots.aae import prior_grid_codes

    z = prior_grid_codes(4)
    assert z.shape == (16, 2)
    cdf = torch.distributions.Normal(0.0, 1.0).cdf(z[:4, 0])
    assert torch.allclose(cdf, torch.tensor([0.125, 0.375, 0.625, 0.875]), atol=1e-6)
    assert torch.all(z[:4, 1] == z[0, 1]) and z[0, 1] > 0          # first row at the top


def test_aae_table_puts_our_rows_beside_the_published_ones():
    from vigen.report import PUBLISHED_MODE_ROWS as PUBLISHED
    from vigen.report import aae_table, summarize

    rows = [{"model": "aae", "dataset": d, "seed": s, "modes": m, "hq": 0.01, "rev_kl": 0.1, "rev_kl_hq": 0.3,
             "seconds": 1.0}
            for d, ms in (("ring8", (4, 6)), ("grid25", (18, 20))) for s, m in enumerate(ms)]
    lines = aae_table({"summary": summarize(rows)}).split("\n\n")[0].splitlines()   # the table, not its note
    assert len(lines) == 2 + 1 + len(PUBLISHED)            # header, rule, ours, the published rows
    assert "5.0 ± 1.0 / 1.0 ± 0.0 / 0.30 ± 0.00" in lines[2] and "19.0 ± 1.0" in lines[2]   # PacGAN's KL
    assert "1 / 99.3 / –" in lines[3]


def test_explorer_builds_and_checks_the_latent_size():
    pytest.importorskip("ipywidgets")
    from vigen.explore.aae import latent_explorer

    model = aae.AAE(64, 2, hidden=8, d_hidden=8, output="sigmoid")    # 8x8 images
    widget = latent_explorer(model, torch.randn(10, 2), torch.arange(10) % 3)
    assert len(widget.children) == 2
    with pytest.raises(ValueError, match="latent_dim"):
        latent_explorer(aae.AAE(4, 3, hidden=8), torch.randn(10, 3), torch.zeros(10))
