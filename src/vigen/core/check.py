"""Check cells: assert a claim and print it as one stable line.

A chapter's check cell prints ``chain rule on 200 tables: ok (|Δ| < 1e-12)``
rather than raw floats, so stored outputs do not depend on the last bits of a
BLAS kernel and nbval can compare them strictly on any machine.  A failed
check raises ``AssertionError`` with the numbers, so the notebook stops.
"""
from __future__ import annotations

import math

import torch

from vigen.core._validation import require_nonnegative, require_positive

__all__ = ["close", "within_se", "holds"]


def _float(name, value) -> float:
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(f"{name} must be a scalar, got shape {tuple(value.shape)}")
        return value.item()
    return float(value)


def close(actual, expected, *, atol: float, label: str) -> None:
    """Assert ``|actual - expected| < atol`` (scalars or tensors) and print the claim.

    Examples
    --------
    >>> close(0.1 + 0.2, 0.3, atol=1e-12, label="addition")
    addition: ok (|Δ| < 1e-12)
    """
    require_positive("atol", atol)
    diff = (torch.as_tensor(actual, dtype=torch.float64) - torch.as_tensor(expected, dtype=torch.float64)).abs()
    worst = diff.max().item()
    if not worst < atol:
        raise AssertionError(f"{label}: |Δ| = {worst:.3g} is not below {atol:.0e}")
    print(f"{label}: ok (|Δ| < {atol:.0e})")


def within_se(estimate, exact, *, k: float = 4.0, label: str) -> None:
    """Assert a Monte-Carlo estimate lies within ``k`` standard errors of ``exact``.

    ``estimate`` is a :class:`vigen.core.kl.MCEstimate` (or a ``(value, stderr)`` pair).
    For k = 4 a correct estimator fails this check with probability about 6e-5
    (two-sided normal tail), so a failure points at the math, not at the seed.

    Examples
    --------
    >>> within_se((1.02, 0.01), 1.0, label="toy")
    toy: ok (within 4 s.e.)
    """
    require_positive("k", k)
    value, stderr = (_float("estimate", v) for v in estimate)
    require_nonnegative("stderr", stderr)
    exact = _float("exact", exact)
    z = abs(value - exact) / stderr if stderr > 0 else (0.0 if value == exact else math.inf)
    if not z < k:
        raise AssertionError(f"{label}: estimate {value:.6g} ± {stderr:.2g} is {z:.1f} s.e. from {exact:.6g}")
    print(f"{label}: ok (within {k:g} s.e.)")


def holds(condition, *, label: str) -> None:
    """Assert a boolean claim (a bool or a boolean tensor, all true) and print it."""
    ok = bool(torch.as_tensor(condition).all()) if isinstance(condition, torch.Tensor) else bool(condition)
    if not ok:
        raise AssertionError(f"{label}: does not hold")
    print(f"{label}: ok")
