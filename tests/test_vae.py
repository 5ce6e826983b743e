"""The VAE of chapter 2 and the importance-weighted log-likelihood estimator.

The oracle is a linear-Gaussian VAE, whose marginal q(x) = N(b, W W^T + diag(s²))
is known exactly: the k-sample estimate must approach it from below as k grows.
"""
import math

import pytest
import torch
from torch.distributions import Independent, MultivariateNormal, kl_divergence

from vigen.core.train import TrainConfig
from vigen.metrics import likelihood
from vigen.models import vae

X_BIN = torch.randint(0, 2, (40, 12), generator=torch.Generator().manual_seed(0)).float()
TINY = vae.VAEConfig(latent_dim=2, hidden=16, train=TrainConfig(steps=30, batch_size=16), eval_every=10)


@pytest.mark.parametrize("objective", ["elbo", "iwae"])
@pytest.mark.parametrize("decoder", ["bernoulli", "gaussian"])
def test_loss_contract(objective, decoder):
    model = vae.VAE(12, 3, hidden=8, decoder=decoder, objective=objective, k=4)
    loss, parts = model.loss(X_BIN)
    assert loss.shape == () and torch.isfinite(loss)
    keys = {"recon", "rate", "neg_elbo"} | ({"neg_iwae"} if objective == "iwae" else set())
    assert set(parts) == keys and all(math.isfinite(v) for v in parts.values())
    assert parts["rate"] >= 0
    assert parts["neg_elbo"] == pytest.approx(parts["recon"] + parts["rate"], rel=1e-5)
    loss.backward()
    assert all(p.grad is not None for p in model.parameters())


def test_distributions_and_shapes():
    model = vae.VAE(12, 3, hidden=8)
    p = model.p_z_given_x(X_BIN)
    assert isinstance(p, Independent) and p.batch_shape == (40,) and p.event_shape == (3,)
    assert model.q_x_given_z(p.rsample()).event_shape == (12,)
    assert model.encode(X_BIN).shape == (40, 3) and model.decode(torch.zeros(5, 3)).shape == (5, 12)
    samples = model.sample(7, seed=1)
    assert samples.shape == (7, 12) and ((samples >= 0) & (samples <= 1)).all()
    assert torch.equal(samples, model.sample(7, seed=1))
    assert "latent_dim=3" in repr(model) and "Bernoulli" in repr(model)


def test_rate_is_the_closed_form_gaussian_kl():
    model = vae.VAE(12, 3, hidden=8).double()
    p = model.p_z_given_x(X_BIN.double())
    loc, scale = p.base_dist.loc, p.base_dist.scale
    closed = 0.5 * (loc ** 2 + scale ** 2 - 1 - 2 * scale.log()).sum(-1)  # KL(N(μ,σ²)||N(0,I))
    assert torch.allclose(closed, kl_divergence(p, model.q_z()), atol=1e-12, rtol=0)


def test_beta_weights_only_the_rate():
    model = vae.VAE(12, 3, hidden=8, beta=0.0)
    torch.manual_seed(0)
    loss, parts = model.loss(X_BIN)
    assert loss.item() == pytest.approx(parts["recon"], rel=1e-6)


def test_training_is_seed_deterministic_and_improves():
    runs = [vae.fit_vae(TINY, X_BIN, seed=s, progress=False) for s in (3, 3, 4)]
    params = [torch.cat([p.detach().reshape(-1) for p in m.parameters()]) for m, _ in runs]
    assert torch.equal(params[0], params[1]) and not torch.equal(params[0], params[2])
    history = runs[0][1]
    assert len(history["val"]) == 3 and history["neg_elbo"][-1] < history["neg_elbo"][0]


def _linear_gaussian(seed=0):
    """A VAE with linear maps and a Gaussian decoder: q(x) = N(b, W Wᵀ + diag(s²)) exactly.

    The encoder is set near the exact posterior q(z|x) = N(A (x - b), Σ) but not on it
    (its covariance is diagonal and 2 times too wide), so the ELBO has a visible gap.
    """
    torch.manual_seed(seed)
    model = vae.VAE(3, 2, depth=0, decoder="gaussian").double()
    lin, enc = model.decoder.net[0], model.encoder.net[0]
    with torch.no_grad():
        model.decoder.raw_scale.fill_(-0.5)                   # s = softplus(-0.5) ≈ 0.47
        s2 = model.decoder.scale ** 2
        w, b = lin.weight, lin.bias                           # (3, 2), (3,)
        sigma = torch.linalg.inv(torch.eye(2, dtype=w.dtype) + w.T @ (w / s2[:, None]))
        a = sigma @ w.T / s2                                  # (2, 3)
        enc.weight.copy_(torch.cat([a, torch.zeros(2, 3, dtype=w.dtype)]))
        target = 2.0 * sigma.diagonal().sqrt() - 1e-4         # softplus(raw) + 1e-4 = 1.5 σ
        enc.bias.copy_(torch.cat([-a @ b, target + torch.log(-torch.expm1(-target))]))
    q_x = MultivariateNormal(b, covariance_matrix=w @ w.T + torch.diag(s2))
    x = q_x.sample((20,)).detach()
    return model, x, q_x.log_prob(x).detach()


def test_importance_weighted_estimate_approaches_the_exact_marginal():
    model, x, exact = _linear_gaussian()
    table = likelihood.log_likelihood_table(model, x, ks=(1, 10, 100, 5000), chunk_size=1000, seed=0)
    # the bias of L_k shrinks like 1/k: clear steps from k = 1 to 100 ...
    assert table[1] < table[10] - 1.0 < table[100] - 1.05 < exact.mean().item() - 1.0
    # ... and at k = 5000 only noise is left: the s.e. of one row is about 0.03 here,
    # so 0.03 is about 4 s.e. of the mean over 20 rows and 0.2 about 6 s.e. of one row
    assert abs(table[5000] - exact.mean().item()) < 0.03
    per_row = likelihood.log_likelihood(model, x, k=5000, chunk_size=700, batch_size=7, seed=1)
    assert per_row.shape == (20,) and (per_row - exact).abs().max() < 0.2


def test_k1_is_a_lower_bound_in_expectation():
    model, x, exact = _linear_gaussian(seed=1)
    log_w = likelihood.log_weights(model, x, 4000, seed=2)            # (4000, 20)
    mean, se = log_w.mean(0), log_w.std(0) / math.sqrt(4000)
    assert (mean + 4 * se < exact).all()                                # E log w < log E w = log q(x)
    # ... and E w = q(x): the weights are unbiased for the marginal itself
    log_mean_w = torch.logsumexp(log_w, 0) - math.log(4000)
    assert torch.allclose(log_mean_w, exact, atol=0.15)   # about 4 s.e. of one row


def test_estimator_is_seeded_and_chunking_does_not_change_it():
    model, x, _ = _linear_gaussian()
    a = likelihood.log_weights(model, x, 96, chunk_size=96, batch_size=20, seed=5)
    b = likelihood.log_weights(model, x, 96, chunk_size=96, batch_size=20, seed=5)
    assert torch.equal(a, b) and a.shape == (96, 20)
    in_chunks = likelihood.log_weights(model, x, 96, chunk_size=32, batch_size=20, seed=5)  # 3 chunks of 32 draws
    assert torch.equal(a, in_chunks)
    c = likelihood.log_likelihood(model, x, k=100, chunk_size=30, seed=5)
    assert torch.isfinite(c).all()


def test_linear_gaussian_training_raises_the_bound():
    model, x, exact = _linear_gaussian()
    before = likelihood.log_likelihood(model, x, k=1).mean()
    cfg = vae.VAEConfig(latent_dim=2, depth=0, decoder="gaussian",
                        train=TrainConfig(steps=200, batch_size=20, lr=1e-2), eval_every=50)
    trained, _ = vae.fit_vae(cfg, x.float(), seed=0, progress=False)
    assert likelihood.log_likelihood(trained, x.float(), k=1).mean() > before


@pytest.mark.parametrize("call, match", [
    (lambda m: m.loss(X_BIN * 16), "x must hold only 0 and 1"),
    (lambda m: m.loss(X_BIN[:, :5]), "x must have 12 columns"),
    (lambda m: m.loss(X_BIN[0]), "x must be a 2-D array"),
    (lambda m: m.loss(torch.full((2, 12), float("nan"))), "x must be finite"),
    (lambda m: m.decode(torch.zeros(4, 5)), "z must have 3 columns"),
    (lambda m: likelihood.log_likelihood(m, X_BIN, k=0), "k must be a positive int"),
    (lambda m: likelihood.log_likelihood(m, X_BIN, k=-5), "k must be a positive int"),
    (lambda m: likelihood.log_likelihood(m, X_BIN, k=10, chunk_size=0), "chunk_size"),
    (lambda m: likelihood.log_likelihood(m, X_BIN / 2, k=10), "x must hold only 0 and 1"),
    (lambda m: likelihood.log_likelihood_table(m, X_BIN, ks=(3, 10)), "ks must divide"),
    (lambda m: likelihood.iw_bound(torch.zeros(10, 2), 3), "k must divide"),
    (lambda m: m.sample(0), "n must be a positive int"),
])
def test_bad_inputs_raise_value_error_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call(vae.VAE(12, 3, hidden=8))


@pytest.mark.parametrize("kwargs, match", [
    (dict(decoder="poisson"), "decoder"),
    (dict(objective="vimco"), "objective"),
    (dict(beta=-1.0), "beta"),
    (dict(objective="iwae", beta=0.5), "beta"),
    (dict(k=0), "k must be a positive int"),
    (dict(dropout=1.0), "dropout"),
    (dict(latent_dim=0), "latent_dim"),
])
def test_bad_model_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        vae.VAE(12, **{"latent_dim": 3, **kwargs})


def test_bad_config_and_fit_arguments():
    with pytest.raises(ValueError, match="eval_every"):
        vae.VAEConfig(eval_every=0)
    with pytest.raises(ValueError, match="val_fraction"):
        vae.VAEConfig(val_fraction=0.0)
    with pytest.raises(TypeError, match="cfg"):
        vae.fit_vae(TrainConfig(), X_BIN)
    with pytest.raises(ValueError, match="data must hold only 0 and 1"):       # fit_vae(cfg, data)
        vae.fit_vae(TINY, X_BIN * 16, progress=False)
    with pytest.raises(TypeError, match="model must define"):
        likelihood.log_weights(torch.nn.Linear(2, 2), X_BIN, 5)


def test_presets_are_valid():
    for name in ("TOY2D_CI", "DIGITS_CI", "DIGITS_SWEEP_CI", "DIGITS_BENCH", "IWAE_BENCH"):
        cfg = getattr(vae, name)
        assert isinstance(cfg, vae.VAEConfig)
        vae.VAE.from_config(cfg, 64)
    assert vae.IWAE_BENCH.objective == "iwae" and vae.IWAE_BENCH.k == 10


def test_fixed_decoder_scale_is_not_trained():
    model = vae.VAE(2, 2, hidden=8, decoder="gaussian", decoder_scale=0.1)
    assert torch.allclose(model.decoder.scale, torch.full((2,), 0.1))
    assert all(p is not model.decoder.raw_scale for p in model.parameters())
    with pytest.raises(ValueError, match="decoder_scale"):
        vae.VAE(2, 2, decoder="bernoulli", decoder_scale=0.1)
    with pytest.raises(ValueError, match="decoder_scale"):
        vae.VAE(2, 2, decoder="gaussian", decoder_scale=0.0)


def test_chapter_figure_helpers():
    from vigen import report
    from vigen.plots import vae as plots_vae

    model = vae.VAE(64, 2, hidden=8)
    assert plots_vae.traversal_images(model, n=3).shape == (9, 64)
    rows = [{"model": "vae", "test_ll_k1": -18.0 - s, "test_ll_k5": -17.0 - s} for s in (0.0, 0.2)]
    summary = report.ll_summary(rows, ks=(1, 5))
    assert summary["vae"][5][0] == pytest.approx(-17.1)
    assert summary["vae"][5][1] == pytest.approx(0.1)              # s.e. = std / sqrt(2)
    table = report.ll_markdown(summary, {"mixture": (-18.5, 0.05)}, ks=(1, 5))
    assert "-17.10 ± 0.10" in table and "-18.50 ± 0.05 (exact)" in table
