"""Sample-quality metrics of the 2-D benchmarks (the book's evaluation protocol).

On 2500 generated samples:

* a sample is **high quality** (HQ) if its distance to the nearest mode centre
  is below ``3 * std``;
* a mode is **captured** if at least one HQ sample is nearest to it;
* **reverse KL** is KL(histogram of samples over their nearest modes || uniform).

HQ alone rewards collapse, so the three numbers are always reported together.
"""
from __future__ import annotations

from typing import NamedTuple

import torch

from ._validation import check_data_matrix
from .data import MixtureSpec

__all__ = ["ModeScores", "mode_scores", "PUBLISHED_MODE_ROWS"]


class ModeScores(NamedTuple):
    """Modes captured (count), fraction of HQ samples, reverse KL (nats)."""

    modes: int
    hq: float
    rev_kl: float

    def __str__(self):
        return f"modes {self.modes}, HQ {100 * self.hq:.1f}%, reverse KL {self.rev_kl:.3f}"


def mode_scores(samples, spec: MixtureSpec, *, threshold_stds: float = 3.0) -> ModeScores:
    """Score generated 2-D samples against the modes of ``spec``.

    Parameters
    ----------
    samples : Tensor of shape (n, 2)
        Generated points (the protocol uses n = 2500).
    spec : MixtureSpec
        The dataset, e.g. ``vigen.data.RING8``.

    Notes
    -----
    rev_kl = sum_k h_k log(h_k K), with h_k the fraction of samples whose
    nearest centre is mode k and K the number of modes.

    Examples
    --------
    >>> from vigen.data import RING8, ring8
    >>> mode_scores(ring8(2500, seed=0), RING8).modes
    8
    """
    if not isinstance(spec, MixtureSpec):
        raise TypeError(f"spec must be a MixtureSpec, got {type(spec).__name__}")
    x = check_data_matrix("samples", samples, dim=2, dtype=torch.float64)
    dist = torch.cdist(x, spec.centers)  # (n, K)
    nearest_dist, nearest = dist.min(dim=1)
    hq = nearest_dist < threshold_stds * spec.std
    k = len(spec.centers)
    captured = torch.unique(nearest[hq]).numel()
    hist = torch.bincount(nearest, minlength=k).double() / len(x)
    rev_kl = torch.special.xlogy(hist, hist * k).sum().item()
    return ModeScores(int(captured), hq.double().mean().item(), max(rev_kl, 0.0))


PUBLISHED_MODE_ROWS = (
    # (model, ring-8 (modes, HQ %, reverse KL), grid-25 (modes, HQ %, reverse KL), source); None: not reported
    ("GAN", (1, 99.3, None), (3.3, 0.5, None), "VEEGAN, Table 1"),
    ("ALI", (2.8, 0.13, None), (15.8, 1.6, None), "VEEGAN, Table 1"),
    ("Unrolled GAN", (7.6, 35.6, None), (23.6, 16, None), "VEEGAN, Table 1"),
    ("VEEGAN", (8, 52.9, None), (24.6, 40, None), "VEEGAN, Table 1"),
    ("GAN", (6.3, 98.2, 0.45), (17.3, 94.8, 0.70), "PacGAN, Table 1"),
    ("ALI", (6.6, 97.6, 0.36), (24.1, 95.7, 0.14), "PacGAN, Table 1"),
    ("PacGAN4", (7.8, 95.9, 0.07), (24.8, 93.6, 0.04), "PacGAN, Table 1"),
)
"""Published rows on the same two datasets (the evaluation protocol): Table 1 of VEEGAN (Srivastava et al.
2017) and of PacGAN (Lin et al. 2018).  PacGAN's models are large (a 4x400
generator, about 400k steps)."""
