"""KL helpers and the joint-KL registry: exact identities and Monte-Carlo oracles.

Monte-Carlo checks use k = 4 standard errors at a fixed seed; a correct
estimator would fail one with probability about 6e-5.
"""
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.distributions import Normal

import vigen as vg
from vigen.core.kl import Decomposition, MCEstimate, entropy_discrete, mc_mean
from vigen.core.toys import DiscreteToy, LinearGaussianToy

K_SE = 4.0


def within(est: MCEstimate, exact: float, k: float = K_SE) -> bool:
    return abs(est.value - exact) < k * est.stderr


def test_kl_discrete_matches_definition():
    p, q = torch.tensor([0.2, 0.5, 0.3]), torch.tensor([0.4, 0.4, 0.2])
    expected = sum(a * math.log(a / b) for a, b in zip(p.tolist(), q.tolist()))
    assert abs(vg.kl_discrete(p, q).item() - expected) < 1e-15


def test_kl_discrete_zero_terms_and_infinite_kl():
    assert vg.kl_discrete([0.0, 1.0], [0.5, 0.5]).item() == pytest.approx(math.log(2), abs=1e-15)
    assert math.isinf(vg.kl_discrete([0.5, 0.5], [1.0, 0.0]).item())


def test_kl_discrete_axis_gives_one_kl_per_row():
    p = torch.tensor([[0.5, 0.5], [0.9, 0.1]])
    q = torch.tensor([[0.5, 0.5], [0.5, 0.5]])
    out = vg.kl_discrete(p, q, axis=-1)
    assert out.shape == (2,) and out[0] == 0 and out[1] > 0


def test_entropy_of_uniform_is_log_n():
    assert entropy_discrete(torch.full((8,), 1 / 8)).item() == pytest.approx(math.log(8), abs=1e-14)


def _table(values, shape):
    t = torch.tensor(values, dtype=torch.float64).reshape(shape)
    return t / t.sum(-1, keepdim=True)


positive = st.floats(min_value=1e-3, max_value=1.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.integers(2, 4), st.data())
def test_property_chain_rule_and_nonnegativity(nx, nz, data):
    draw = lambda n: data.draw(st.lists(positive, min_size=n, max_size=n))  # noqa: E731
    toy = DiscreteToy(_table(draw(nx), (nx,)), _table(draw(nx * nz), (nx, nz)),
                      _table(draw(nz), (nz,)), _table(draw(nz * nx), (nz, nx)))
    d = toy.decomposition()
    assert abs(d.joint - d.marginal - d.gap) < 1e-12
    assert d.gap >= -1e-15 and d.marginal >= -1e-15
    assert d.joint >= d.marginal - 1e-15


@settings(max_examples=60, deadline=None)
@given(st.lists(positive, min_size=4, max_size=4), st.lists(positive, min_size=4, max_size=4))
def test_property_kl_nonnegative_and_zero_iff_equal(a, b):
    p, q = _table(a, (4,)), _table(b, (4,))
    assert vg.kl_discrete(p, q).item() >= -1e-15
    assert abs(vg.kl_discrete(p, p).item()) < 1e-15


def test_gap_closes_at_true_posterior_discrete():
    d = DiscreteToy.random(6, 3, seed=4).with_true_posterior().decomposition()
    assert abs(d.gap) < 1e-15 and abs(d.joint - d.marginal) < 1e-15


def test_kl_normal_matches_closed_form():
    mp, sp, mq, sq = 0.3, 0.7, -0.4, 1.3
    closed = math.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5
    assert vg.kl_normal(mp, sp, mq, sq).item() == pytest.approx(closed, abs=1e-14)


def test_mc_kl_agrees_with_closed_form():
    est = vg.mc_kl(Normal(0.3, 0.7), Normal(-0.4, 1.3), 50_000, seed=0)
    assert within(est, vg.kl_normal(0.3, 0.7, -0.4, 1.3).item())


def test_mc_kl_is_seeded_and_leaves_global_state_alone():
    state = torch.get_rng_state()
    a = vg.mc_kl(Normal(0.0, 1.0), Normal(1.0, 2.0), 1000, seed=3)
    b = vg.mc_kl(Normal(0.0, 1.0), Normal(1.0, 2.0), 1000, seed=3)
    assert a == b and torch.equal(state, torch.get_rng_state())


def test_mc_mean_standard_error():
    est = mc_mean(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert est.value == 2.5 and est.stderr == pytest.approx(torch.tensor([1., 2, 3, 4]).std().item() / 2)


LINEAR = LinearGaussianToy(a=1.2, b=0.3, s=0.5, data_loc=0.5, data_scale=1.1,
                           enc_slope=0.3, enc_shift=-0.2, enc_scale=0.4)


@pytest.mark.parametrize("model", [DiscreteToy.random(5, 4, seed=0), LINEAR], ids=["discrete", "linear-gaussian"])
def test_registered_exact_joint_kl_agrees_with_monte_carlo(model):
    exact = vg.joint_kl(model)
    assert isinstance(exact, Decomposition)
    assert abs(exact.joint - exact.marginal - exact.gap) < 1e-12
    assert within(vg.joint_kl(model, num_samples=100_000, seed=1), exact.joint)


def test_linear_gaussian_gap_and_marginal_against_monte_carlo():
    d = LINEAR.decomposition()
    g = torch.Generator().manual_seed(5)
    x = LINEAR.data_loc + LINEAR.data_scale * torch.randn(100_000, generator=g, dtype=torch.float64)
    inner = vg.kl_normal(LINEAR.enc_slope * x + LINEAR.enc_shift, LINEAR.enc_scale,
                         LINEAR.post_slope * x + LINEAR.post_shift, LINEAR.post_scale)
    assert within(mc_mean(inner), d.gap)
    q_x = Normal(LINEAR.b, torch.sqrt(LINEAR.a ** 2 + LINEAR.s ** 2))
    assert within(vg.mc_kl(Normal(LINEAR.data_loc, LINEAR.data_scale), q_x, 100_000, seed=6), d.marginal)


def test_linear_gaussian_gap_is_zero_at_posterior():
    d = LINEAR.with_true_posterior().decomposition()
    assert abs(d.gap) < 1e-14 and abs(d.joint - d.marginal) < 1e-12


def test_joint_kl_unknown_model_raises_naming_the_class():
    class Mystery:
        pass

    with pytest.raises(NotImplementedError, match="Mystery"):
        vg.joint_kl(Mystery())
    with pytest.raises(NotImplementedError, match="Mystery"):
        vg.joint_kl(Mystery(), num_samples=10)


def test_linear_gaussian_model_loss_estimates_joint_kl_plus_entropy():
    model = vg.toys.LinearGaussianModel(seed=1)
    toy = model.toy(0.5, 1.1)
    target = toy.decomposition().joint + Normal(0.5, 1.1).entropy().item()
    torch.manual_seed(0)
    x = 0.5 + 1.1 * torch.randn(20_000, dtype=torch.float64)
    z_terms = []
    with torch.no_grad():
        for chunk in x.split(1000):
            z_terms.append(model.loss(chunk)[0])
    est = mc_mean(torch.stack(z_terms))  # 20 batch means of 1000: their s.e. is honest
    assert within(est, target)
