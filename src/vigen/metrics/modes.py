"""Sample-quality metrics of the 2-D benchmarks (the book's evaluation protocol).

On 2500 generated samples:

* a sample is **high quality** (HQ) if its distance to the nearest mode centre
  is below ``3 * std``;
* a mode is **captured** if at least one HQ sample is nearest to it;
* **reverse KL**, as PacGAN's code computes it (``rev_kl_hq``): KL(h || uniform) for the histogram h of the
  *high-quality* samples over their nearest modes (``synthetic_data_experiments/PacGAN/pacgan/extensions.py`` of
  ``fjxmlzn/PacGAN``, ``MetricLogger.do``: lines 167-168 count a sample only within 3 standard deviations, line
  174 takes the entropy of that histogram, and log K minus it is the KL from uniform); undefined (nan) when no
  sample is of high quality;
* **reverse KL of all samples** (``rev_kl``): the same KL for the histogram of every sample over its nearest
  mode, which a uniform smear between the modes keeps low.

HQ alone rewards collapse, and an all-sample histogram rewards a smear, so the numbers are reported together.
"""
from __future__ import annotations

from typing import NamedTuple

import torch

from vigen.core._validation import require_data_matrix
from vigen.core.data import MixtureSpec

__all__ = ["ModeScores", "mode_scores"]


class ModeScores(NamedTuple):
    """Modes captured (count), fraction of HQ samples, reverse KL of all samples' histogram and of the HQ
    samples' histogram (PacGAN's; nan without an HQ sample), in nats."""

    modes: int
    hq: float
    rev_kl: float
    rev_kl_hq: float

    def __str__(self):
        return (f"modes {self.modes}, HQ {100 * self.hq:.1f}%, reverse KL {self.rev_kl_hq:.3f} "
                f"(all samples {self.rev_kl:.3f})")


def mode_scores(samples, spec: MixtureSpec, *, threshold_stds: float = 3.0) -> ModeScores:
    """Score generated 2-D samples against the modes of ``spec``.

    Parameters
    ----------
    samples : Tensor of shape (n, 2)
        Generated points (the protocol uses n = 2500).
    spec : MixtureSpec
        The dataset, e.g. ``vigen.core.data.RING8``.

    Notes
    -----
    rev_kl = sum_k h_k log(h_k K), with h_k the fraction of samples whose
    nearest centre is mode k and K the number of modes; rev_kl_hq is the same
    sum with h_k the fraction of the *high-quality* samples nearest to mode k.

    Examples
    --------
    >>> from vigen.core.data import RING8, ring8
    >>> mode_scores(ring8(2500, seed=0), RING8).modes
    8
    """
    if not isinstance(spec, MixtureSpec):
        raise TypeError(f"spec must be a MixtureSpec, got {type(spec).__name__}")
    x = require_data_matrix("samples", samples, dim=2, dtype=torch.float64)
    dist = torch.cdist(x, spec.centers)  # (n, K)
    nearest_dist, nearest = dist.min(dim=1)
    hq = nearest_dist < threshold_stds * spec.std
    k = len(spec.centers)
    captured = torch.unique(nearest[hq]).numel()
    return ModeScores(int(captured), hq.double().mean().item(), _kl_from_uniform(nearest, k),
                      _kl_from_uniform(nearest[hq], k))


def _kl_from_uniform(labels: torch.Tensor, k: int) -> float:
    """KL(h || uniform over k) of the histogram h of ``labels`` (nan for no labels)."""
    if labels.numel() == 0:
        return float("nan")
    hist = torch.bincount(labels, minlength=k).double() / labels.numel()
    return max(torch.special.xlogy(hist, hist * k).sum().item(), 0.0)
