"""How the book scores a model: :mod:`~vigen.metrics.modes` (modes, HQ and reverse KL on the 2-D
mixtures), :mod:`~vigen.metrics.stacked` (modes and KL on 1000-mode stacked digits),
:mod:`~vigen.metrics.likelihood` (importance-sampled log-likelihood) and
:mod:`~vigen.metrics.mmd` (maximum mean discrepancy)."""
from vigen.metrics import likelihood, mmd, modes, stacked
from vigen.metrics.modes import ModeScores, mode_scores
from vigen.metrics.stacked import StackedScores, stacked_scores

__all__ = ["modes", "stacked", "likelihood", "mmd", "ModeScores", "mode_scores", "StackedScores", "stacked_scores"]
