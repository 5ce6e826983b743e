"""The MMD estimator against oracles: a naive double loop, and the closed form between Gaussians.

Monte-Carlo checks use k = 4 standard errors (a correct estimator fails with
probability about 6e-5 per check) and fixed seeds, so they are deterministic.
"""
import math

import pytest
import torch

from vigen.metrics import mmd
from vigen.metrics.mmd import gaussian_mmd2, median_heuristic, mmd2, rbf_kernel


def _naive_mmd2(x, y, h):
    k = lambda a, b: math.exp(-float(((a - b) ** 2).sum()) / (2 * h * h))  # noqa: E731
    m, n = len(x), len(y)
    sxx = sum(k(x[i], x[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    syy = sum(k(y[i], y[j]) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    sxy = sum(k(x[i], y[j]) for i in range(m) for j in range(n)) / (m * n)
    return sxx + syy - 2 * sxy


def _naive_jackknife_se(x, y, h):
    m, n = len(x), len(y)
    loo_x = torch.tensor([_naive_mmd2(torch.cat([x[:i], x[i + 1:]]), y, h) for i in range(m)], dtype=torch.float64)
    loo_y = torch.tensor([_naive_mmd2(x, torch.cat([y[:j], y[j + 1:]]), h) for j in range(n)], dtype=torch.float64)
    var = (m - 1) / m * ((loo_x - loo_x.mean()) ** 2).sum() + (n - 1) / n * ((loo_y - loo_y.mean()) ** 2).sum()
    return var.sqrt().item()


def test_matches_the_naive_double_loop_and_jackknife():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(9, 3, generator=g, dtype=torch.float64)
    y = torch.randn(7, 3, generator=g, dtype=torch.float64) + 0.5
    est = mmd2(x, y, bandwidth=0.8)
    assert est.value == pytest.approx(_naive_mmd2(x, y, 0.8), abs=1e-12)
    assert est.stderr == pytest.approx(_naive_jackknife_se(x, y, 0.8), abs=1e-12)


def test_kernel_is_symmetric_with_unit_diagonal():
    x = torch.randn(6, 2, generator=torch.Generator().manual_seed(1))
    k = rbf_kernel(x, x, 1.3)
    assert torch.allclose(k, k.T, atol=1e-15) and torch.allclose(k.diagonal(), torch.ones(6, dtype=torch.float64))


@pytest.mark.parametrize("shift, scale", [(0.0, 1.0), (0.7, 1.0), (0.0, 1.6)])
def test_unbiased_against_the_gaussian_closed_form(shift, scale):
    g = torch.Generator().manual_seed(2)
    values = torch.tensor([mmd2(torch.randn(40, 2, generator=g), scale * torch.randn(40, 2, generator=g) + shift,
                                bandwidth=1.0).value for _ in range(300)], dtype=torch.float64)
    exact = gaussian_mmd2(0.0, 1.0, shift, scale, dim=2, bandwidth=1.0)
    se = values.std().item() / math.sqrt(len(values))
    assert abs(values.mean().item() - exact) < 4 * se


def test_jackknife_stderr_matches_the_spread_over_replications():
    g = torch.Generator().manual_seed(3)
    ests = [mmd2(torch.randn(100, 2, generator=g), torch.randn(100, 2, generator=g) + 0.5, bandwidth=1.0)
            for _ in range(150)]
    spread = torch.tensor([e.value for e in ests]).std().item()
    mean_se = sum(e.stderr for e in ests) / len(ests)
    assert 0.75 < mean_se / spread < 1.33


def test_closed_form_is_zero_for_equal_and_positive_otherwise():
    assert gaussian_mmd2(0.3, 1.2, 0.3, 1.2, dim=3, bandwidth=0.5) == pytest.approx(0.0, abs=1e-15)
    assert gaussian_mmd2(0.0, 1.0, 1.0, 1.0, dim=2, bandwidth=1.0) > 0


def test_median_heuristic_of_a_known_set():
    x = torch.tensor([[0.0], [1.0]])
    y = torch.tensor([[3.0]])
    assert median_heuristic(x, y) == pytest.approx(2.0)   # pairwise distances 1, 2, 3


@pytest.mark.parametrize("call, match", [
    (lambda: mmd2(torch.zeros(5, 2), torch.zeros(5, 3), bandwidth=1.0), "same number of columns"),
    (lambda: mmd2(torch.zeros(2, 2), torch.zeros(5, 2), bandwidth=1.0), "x must have at least 3"),
    (lambda: mmd2(torch.zeros(5, 2), torch.zeros(2, 2), bandwidth=1.0), "y must have at least 3"),
    (lambda: mmd2(torch.zeros(5, 2), torch.zeros(5, 2), bandwidth=0.0), "bandwidth"),
    (lambda: mmd2(torch.zeros(5), torch.zeros(5, 2), bandwidth=1.0), "x must be a 2-D"),
    (lambda: mmd2(torch.full((5, 2), float("nan")), torch.zeros(5, 2), bandwidth=1.0), "x must be finite"),
    (lambda: rbf_kernel(torch.zeros(3, 2), torch.zeros(3, 2), -1.0), "bandwidth"),
    (lambda: gaussian_mmd2(0.0, 0.0, 0.0, 1.0, dim=2, bandwidth=1.0), "scale_p"),
    (lambda: gaussian_mmd2(0.0, 1.0, 0.0, 1.0, dim=0, bandwidth=1.0), "dim"),
])
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="bandwidth"):
        mmd2(torch.zeros(5, 2), torch.zeros(5, 2), bandwidth="1")
    with pytest.raises(TypeError, match="x"):
        mmd.mmd2("abc", torch.zeros(5, 2), bandwidth=1.0)
