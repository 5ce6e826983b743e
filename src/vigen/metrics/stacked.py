"""Mode collapse on stacked digits: the image analogue of stacked MNIST, with 1000 modes.

A stacked sample is three 8x8 grey-level digits of scikit-learn's bundled set side by side
(:func:`vigen.core.data.stacked_digits`, 192 numbers); its mode is the three labels read as a number,
``100 * label0 + 10 * label1 + label2``. The ruler is a :class:`ChannelClassifier`, a logistic regression
fitted on the training split only, which labels each 64-pixel channel of a generated sample.
On N = 26,000 generated samples (as PacGAN) the protocol reports:

* **modes**: how many of the 1000 modes at least one sample falls in;
* **KL**: KL(h || u) of the histogram h of the samples over the 1000 modes from the uniform u (nats);
* **quality**: the share of samples whose three channels the ruler labels each with a probability of at least
  :data:`CONFIDENT` (0.5), since modes and KL alone reward a smear that the ruler happens to spread evenly.

The classifier errs, so even perfect samples miss the ideal (1000 modes, KL near 0, quality 1): :func:`ceiling`
scores real stacked test digits, what a perfect sampler can get with this ruler.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from vigen.core._validation import require_data_matrix, require_instance, require_positive_int
from vigen.core.data import Digits, load_digits_split, stacked_digits

__all__ = ["N_STACKED", "CONFIDENT", "ChannelClassifier", "StackedScores", "stacked_scores", "score_samples",
           "ceiling"]

N_STACKED = 26_000
"""Generated samples scored per run (PacGAN's protocol)."""

CONFIDENT = 0.5
"""The ruler's probability of its label from which a channel counts as a confident digit (the quality share):
0.5, the label outweighs the other nine together.  At 0.9 only a third of real stacked test digits would pass,
since this logistic regression spreads its probability even on real digits."""

_PIXELS = 64      # one channel: an 8x8 digit
_CHANNELS = 3     # three digits: 10**3 modes


class StackedScores(NamedTuple):
    """Modes covered (count, of ``n_modes``), KL of the mode histogram from uniform (nats) and the quality share
    (nan where the samples' images are not known, as for :func:`stacked_scores` of modes alone)."""

    modes: int
    kl: float
    quality: float = float("nan")

    def __str__(self):
        return f"modes {self.modes}, KL {self.kl:.3f}, quality {100 * self.quality:.1f}%"


class ChannelClassifier:
    """The ruler: ``LogisticRegression(C=1.0, max_iter=2000)`` on the 64 grey levels of one digit,
    fitted on the training split of ``digits`` (default :func:`~vigen.core.data.load_digits_split`
    with ``binarized=False``).

    Attributes: ``model`` (the fitted scikit-learn classifier), ``digits`` (the split it used) and
    ``accuracy`` (its fraction of correct labels on the test split).

    Examples
    --------
    >>> clf = ChannelClassifier()
    >>> clf.accuracy > 0.9
    True
    """

    def __init__(self, digits: Digits | None = None):
        from sklearn.linear_model import LogisticRegression

        self.digits = load_digits_split(binarized=False) if digits is None else require_instance(
            "digits", digits, Digits)
        self.model = LogisticRegression(C=1.0, max_iter=2000)
        self.model.fit(self.digits.x_train.double().numpy(), self.digits.y_train.numpy())
        test_labels = self._predict_digits(self.digits.x_test)
        self.accuracy = float((test_labels == self.digits.y_test.numpy()).mean())

    def _predict_digits(self, images: torch.Tensor) -> np.ndarray:
        """Labels 0..9 of rows of 64 pixels."""
        return self.model.predict(images.double().numpy())

    def confidence(self, x) -> torch.Tensor:
        """The ruler's probability of its own label for each channel of stacked samples ``x`` (n, 192):
        shape (n, 3), the largest class probability of the logistic regression."""
        x = require_data_matrix("x", x, dim=_CHANNELS * _PIXELS, dtype=torch.float64)
        proba = self.model.predict_proba(x.reshape(-1, _PIXELS).numpy())
        return torch.as_tensor(proba.max(axis=1)).reshape(-1, _CHANNELS)

    def predict_modes(self, x) -> torch.Tensor:
        """Modes (int64, shape (n,)) of stacked samples ``x`` of shape (n, 192): each 64-pixel channel
        labelled by the classifier, the three labels read as ``100 * l0 + 10 * l1 + l2``."""
        x = require_data_matrix("x", x, dim=_CHANNELS * _PIXELS, dtype=torch.float64)
        labels = torch.as_tensor(self._predict_digits(x.reshape(-1, _PIXELS)), dtype=torch.long)
        return (labels.reshape(-1, _CHANNELS) * torch.tensor([100, 10, 1])).sum(dim=1)

    def __repr__(self):
        return f"ChannelClassifier(accuracy={self.accuracy:.4f})"


def stacked_scores(modes, n_modes: int = 1000) -> StackedScores:
    """Score a 1-D array of sample modes (ints in ``0 .. n_modes - 1``): the number of distinct modes,
    and KL(h || u) = sum_k h_k log(h_k n_modes) of their histogram h from uniform over ``n_modes``
    (natural log; empty bins contribute 0).

    Examples
    --------
    >>> stacked_scores(torch.arange(1000))
    StackedScores(modes=1000, kl=0.0, quality=nan)
    >>> one_mode = torch.zeros(5, dtype=torch.long)
    >>> round(stacked_scores(one_mode).kl, 4)   # log(1000)
    6.9078
    """
    n_modes = require_positive_int("n_modes", n_modes)
    m = torch.as_tensor(np.asarray(modes))
    if m.ndim != 1 or m.numel() == 0:
        raise ValueError(f"modes must be a non-empty 1-D array, got shape {tuple(m.shape)}")
    if m.dtype.is_floating_point or m.dtype.is_complex or m.dtype == torch.bool:
        raise TypeError(f"modes must hold integers, got dtype {m.dtype}")
    if m.min() < 0 or m.max() >= n_modes:
        raise ValueError(f"modes must lie in 0..{n_modes - 1}, got {m.min().item()}..{m.max().item()}")
    counts = torch.bincount(m.long(), minlength=n_modes)
    hist = counts.double() / m.numel()
    kl = torch.special.xlogy(hist, hist * n_modes).sum().item()
    return StackedScores(int((counts > 0).sum()), max(kl, 0.0))


def score_samples(x, classifier: ChannelClassifier) -> StackedScores:
    """The protocol's scores of generated stacked samples ``x`` (n, 192): distinct modes and KL from
    uniform over the 1000 modes, each sample's mode read by ``classifier``, and the quality share, the
    fraction of samples whose three channels all have a label probability of at least :data:`CONFIDENT`."""
    require_instance("classifier", classifier, ChannelClassifier)
    scores = stacked_scores(classifier.predict_modes(x), n_modes=10 ** _CHANNELS)
    quality = (classifier.confidence(x) >= CONFIDENT).all(dim=1).double().mean().item()
    return scores._replace(quality=quality)


def ceiling(classifier: ChannelClassifier, *, n: int = N_STACKED, seed: int | None = 0) -> StackedScores:
    """The ruler's ceiling: :func:`score_samples` of ``n`` real stacked digits of the test split,
    what a perfect sampler scores with ``classifier``."""
    require_instance("classifier", classifier, ChannelClassifier)
    x, _ = stacked_digits(n, split="test", seed=seed, digits=classifier.digits)
    return score_samples(x, classifier)
