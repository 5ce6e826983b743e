"""EM for mixtures (chapter 3), laid out as scikit-learn's ``sklearn.mixture``: the shared loop in
``_base``, one model per module.

* :class:`GaussianMixtureEM` (``gaussian``), the peer of ``sklearn.mixture.GaussianMixture``;
* :class:`BernoulliMixtureEM` (``bernoulli``), for binary images.
"""
from vigen.models.em._base import ConvergenceWarning
from vigen.models.em.bernoulli import BernoulliMixtureEM
from vigen.models.em.gaussian import FRAMEWORK, GaussianMixtureEM

__all__ = ["ConvergenceWarning", "GaussianMixtureEM", "BernoulliMixtureEM", "FRAMEWORK"]
