"""How the book scores a model: :mod:`~vigen.metrics.modes` (modes, HQ and reverse KL on the 2-D
mixtures), :mod:`~vigen.metrics.likelihood` (importance-sampled log-likelihood) and
:mod:`~vigen.metrics.mmd` (maximum mean discrepancy)."""
from vigen.metrics import likelihood, mmd, modes
from vigen.metrics.modes import ModeScores, mode_scores

__all__ = ["modes", "likelihood", "mmd", "ModeScores", "mode_scores"]
