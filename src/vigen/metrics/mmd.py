"""Maximum mean discrepancy (MMD) between two sample sets, with an RBF kernel.

For samples x_1..x_m ~ P and y_1..y_n ~ Q and the kernel
k(u, v) = exp(-||u - v||² / (2 h²)), the unbiased estimate of
MMD²(P, Q) = E k(x, x') + E k(y, y') - 2 E k(x, y) is the U-statistic
(Gretton et al. 2012, eq. 3)

    MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m-1)) + Σ_{i≠j} k(y_i, y_j) / (n(n-1))
             - 2 Σ_{i,j} k(x_i, y_j) / (mn).

It can be negative when P = Q.  Its standard error comes from the two-sample
jackknife (leave out one x, then one y; the variances add), computed in O(m + n)
from the row sums of the kernel matrices.  :func:`gaussian_mmd2` gives the exact
MMD² between two isotropic Gaussians, the oracle the tests and chapter 5 use.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import torch

from vigen.core._validation import require_data_matrix, require_positive, require_positive_int

__all__ = ["MMDEstimate", "rbf_kernel", "mmd2", "median_heuristic", "gaussian_mmd2"]


class MMDEstimate(NamedTuple):
    """An unbiased MMD² estimate and its jackknife standard error (usable with ``vg.check.within_se``)."""

    value: float
    stderr: float

    def __str__(self):
        return f"MMD² = {self.value:.4f} ± {self.stderr:.4f}"


def _pair(x, y):
    x = require_data_matrix("x", x, dtype=torch.float64)
    y = require_data_matrix("y", y, dtype=torch.float64)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"x and y must have the same number of columns, got {x.shape[1]} and {y.shape[1]}")
    return x, y


def rbf_kernel(x, y, bandwidth: float) -> torch.Tensor:
    """The kernel matrix k(x_i, y_j) = exp(-||x_i - y_j||² / (2 h²)), shape (m, n), float64.

    Examples
    --------
    >>> rbf_kernel([[0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]], 1.0)
    tensor([[1.0000, 0.6065]], dtype=torch.float64)
    """
    x, y = _pair(x, y)
    return _rbf(x, y, require_positive("bandwidth", bandwidth))


def _rbf(x: torch.Tensor, y: torch.Tensor, h: float) -> torch.Tensor:
    return torch.exp(-torch.cdist(x, y).square() / (2 * h * h))


def mmd2(x, y, *, bandwidth: float) -> MMDEstimate:
    """The unbiased MMD² above between the rows of ``x`` and ``y``, with a jackknife standard error.

    Parameters
    ----------
    x : array-like of shape (m, d), m >= 3
    y : array-like of shape (n, d), n >= 3
    bandwidth : float
        The RBF kernel's length scale h, in the units of the samples.

    Returns
    -------
    MMDEstimate
        ``(value, stderr)``; ``stderr² = var_jack(x) + var_jack(y)``.

    Notes
    -----
    MMD²_u = mean_{i≠j} k(x_i,x_j) + mean_{i≠j} k(y_i,y_j) - 2 mean_{i,j} k(x_i,y_j).

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> x = torch.randn(500, 2, generator=g)
    >>> y = torch.randn(500, 2, generator=g) + 1.0
    >>> est = mmd2(x, y, bandwidth=1.0)
    >>> exact = gaussian_mmd2(0.0, 1.0, 1.0, 1.0, dim=2, bandwidth=1.0)
    >>> abs(est.value - exact) < 4 * est.stderr
    True
    """
    x, y = _pair(x, y)
    m, n = len(x), len(y)
    for name, size in (("x", m), ("y", n)):
        if size < 3:
            raise ValueError(f"{name} must have at least 3 rows for the unbiased estimate and its jackknife, "
                             f"got {size}")
    h = require_positive("bandwidth", bandwidth)
    kxx, kyy, kxy = (_rbf(a, b, h) for a, b in ((x, x), (y, y), (x, y)))
    rxx = kxx.sum(1) - kxx.diagonal()                    # Σ_{j≠i} k(x_i, x_j), (m,)
    ryy = kyy.sum(1) - kyy.diagonal()                    # (n,)
    rxy_x, rxy_y = kxy.sum(1), kxy.sum(0)                # (m,), (n,)
    sxx, syy, sxy = rxx.sum(), ryy.sum(), rxy_x.sum()

    def estimate(sxx, m, syy, n, sxy):
        return sxx / (m * (m - 1)) + syy / (n * (n - 1)) - 2 * sxy / (m * n)

    value = estimate(sxx, m, syy, n, sxy).item()
    loo_x = estimate(sxx - 2 * rxx, m - 1, syy, n, sxy - rxy_x)  # leave x_i out, (m,)
    loo_y = estimate(sxx, m, syy - 2 * ryy, n - 1, sxy - rxy_y)  # leave y_j out, (n,)
    var = (m - 1) / m * (loo_x - loo_x.mean()).square().sum() + (n - 1) / n * (loo_y - loo_y.mean()).square().sum()
    return MMDEstimate(value, math.sqrt(var.item()))


def median_heuristic(x, y) -> float:
    """The median pairwise distance of the pooled rows of ``x`` and ``y`` (a common bandwidth rule)."""
    x, y = _pair(x, y)
    pooled = torch.cat([x, y])
    d = torch.cdist(pooled, pooled)
    return d[torch.triu_indices(len(pooled), len(pooled), offset=1).unbind()].median().item()


def gaussian_mmd2(loc_p, scale_p: float, loc_q, scale_q: float, *, dim: int, bandwidth: float) -> float:
    """Exact MMD² between N(loc_p, scale_p² I) and N(loc_q, scale_q² I) in ``dim`` dimensions, RBF kernel.

    Notes
    -----
    For u ~ N(a, s² I), v ~ N(b, t² I) independent,
    E k(u, v) = (h² / (h² + s² + t²))^{d/2} exp(-||a - b||² / (2 (h² + s² + t²))).

    Examples
    --------
    >>> gaussian_mmd2(0.0, 1.0, 0.0, 1.0, dim=2, bandwidth=1.0)
    0.0
    """
    h2 = require_positive("bandwidth", bandwidth) ** 2
    s2, t2 = require_positive("scale_p", scale_p) ** 2, require_positive("scale_q", scale_q) ** 2
    dim = require_positive_int("dim", dim)
    a = torch.as_tensor(loc_p, dtype=torch.float64).expand(dim)
    b = torch.as_tensor(loc_q, dtype=torch.float64).expand(dim)

    def expected_kernel(v, dist2):
        return (h2 / (h2 + v)) ** (dim / 2) * math.exp(-dist2 / (2 * (h2 + v)))

    return (expected_kernel(2 * s2, 0.0) + expected_kernel(2 * t2, 0.0)
            - 2 * expected_kernel(s2 + t2, (a - b).square().sum().item()))
