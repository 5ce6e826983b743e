"""Tests of vigen.models.em: monotone EM, the bound after the E-step, parity with scikit-learn, bad inputs."""
import inspect
import warnings

import numpy as np
import pytest
import torch
from sklearn.mixture import GaussianMixture

import vigen as vg
from vigen.models import em


def blobs(n=600, d=2, seed=0):
    """Three anisotropic Gaussian blobs in d dimensions (float64)."""
    g = torch.Generator().manual_seed(seed)
    centers = 4 * torch.randn(3, d, generator=g, dtype=torch.float64)
    mix = torch.randn(3, d, d, generator=g, dtype=torch.float64) * 0.7 + torch.eye(d, dtype=torch.float64)
    z = torch.randint(3, (n,), generator=g)
    return centers[z] + (mix[z] @ torch.randn(n, d, 1, generator=g, dtype=torch.float64))[:, :, 0]


def user_init(X, k=4, seed=0):
    """A deliberately rough initialization: data points as means, unit precisions, equal weights."""
    idx = np.random.default_rng(seed).choice(len(X), k, replace=False)
    d = X.shape[1]
    return dict(weights_init=np.full(k, 1 / k), means_init=X[idx].numpy(),
                precisions_init=np.stack([np.eye(d)] * k))


def fit_quiet(model, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", em.ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)  # scikit-learn's own ConvergenceWarning
        return model.fit(X)


def test_log_likelihood_never_decreases():
    X = blobs()
    gm = fit_quiet(em.GaussianMixtureEM(4, tol=0, max_iter=60, seed=1), X)
    assert np.diff(gm.lower_bounds_).min() > -1e-12


def test_bound_equals_log_likelihood_after_each_e_step():
    X = blobs()
    gm = em.GaussianMixtureEM(4, **user_init(X))
    resp = torch.softmax(torch.randn(len(X), 4, dtype=torch.float64), 1)
    gm.m_step(X, resp)  # start from arbitrary parameters
    for _ in range(8):
        loose = gm.elbo(X, torch.softmax(torch.randn(len(X), 4, dtype=torch.float64), 1))
        resp = gm.e_step(X)
        assert abs(gm.elbo(X, resp) - gm.score(X)) < 1e-12
        assert loose < gm.score(X)  # any other p(z|x) leaves a gap
        gm.m_step(X, resp)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_parity_with_sklearn_per_iteration(d):
    X = blobs(d=d)
    init = user_init(X)
    n_iter = 25
    ours = fit_quiet(em.GaussianMixtureEM(4, tol=0, max_iter=n_iter, reg_covar=1e-6, **init), X)
    ref = fit_quiet(GaussianMixture(4, tol=0, max_iter=n_iter, reg_covar=1e-6, random_state=0,
                                    init_params="random_from_data", **init), X.numpy())
    assert len(ours.lower_bounds_) == len(ref.lower_bounds_) == n_iter
    assert np.abs(np.array(ours.lower_bounds_) - np.array(ref.lower_bounds_)).max() < 1e-9
    for name in ["weights_", "means_", "covariances_", "precisions_cholesky_"]:
        assert np.abs(getattr(ours, name).numpy() - getattr(ref, name)).max() < 1e-8, name
    assert abs(ours.score(X) - ref.score(X.numpy())) < 1e-9


def test_fast_loop_equals_the_two_steps():
    X = blobs()
    fast = fit_quiet(em.GaussianMixtureEM(3, tol=0, max_iter=5, **user_init(X, 3)), X)
    slow = em.GaussianMixtureEM(3, **user_init(X, 3))
    slow.initialize(X)
    history = []
    for _ in range(5):
        history.append(slow.score(X))
        slow.m_step(X, slow.e_step(X))
    assert np.abs(np.array(history) - np.array(fast.lower_bounds_)).max() < 1e-12
    assert torch.allclose(slow.means_, fast.means_, atol=1e-12, rtol=0)


def test_scores_match_torch_distribution_and_samples():
    X = blobs()
    gm = em.GaussianMixtureEM(3, seed=0, max_iter=200).fit(X)
    assert gm.converged_
    assert torch.allclose(gm.score_samples(X), gm.distribution().log_prob(X), atol=1e-10, rtol=0)
    assert torch.allclose(gm.predict_proba(X).sum(1), torch.ones(len(X), dtype=torch.float64))
    xs, zs = gm.sample(500, seed=3)
    assert xs.shape == (500, 2) and zs.shape == (500,)
    assert torch.equal(gm.sample(5, seed=3)[0], gm.sample(5, seed=3)[0])
    assert "GaussianMixtureEM(n_components=3" in repr(gm)


def test_convergence_warning():
    X = blobs()
    with pytest.warns(em.ConvergenceWarning, match="did not converge in max_iter=2"):
        em.GaussianMixtureEM(4, tol=0, max_iter=2, seed=0).fit(X)
    assert issubclass(em.ConvergenceWarning, UserWarning)


def test_empty_component_stays_finite():
    X = blobs()
    init = user_init(X)
    init["means_init"][0] = [1e3, 1e3]  # no point is anywhere near: its responsibilities underflow to 0
    gm = fit_quiet(em.GaussianMixtureEM(4, tol=0, max_iter=10, **init), X)
    for name in ["weights_", "means_", "covariances_"]:
        assert torch.isfinite(getattr(gm, name)).all(), name
    assert gm.weights_[0] < 1e-12 and np.isfinite(gm.lower_bounds_).all()
    ref = fit_quiet(GaussianMixture(4, tol=0, max_iter=10, init_params="random_from_data", random_state=0, **init),
                    X.numpy())
    assert np.abs(np.array(gm.lower_bounds_) - np.array(ref.lower_bounds_)).max() < 1e-9


BAD_GAUSSIAN = [
    (dict(n_components=0), "n_components"),
    (dict(tol=-1.0), "tol"),
    (dict(reg_covar=-1e-3), "reg_covar"),
    (dict(init="kmeans"), "init"),
    (dict(weights_init=[0.5, 0.6, 0.1, 0.1]), "weights_init"),
    (dict(weights_init=[0.5, 0.5]), "weights_init"),
    (dict(means_init=np.zeros((3, 2))), "means_init"),
    (dict(means_init=np.full((4, 2), np.nan)), "means_init"),
    (dict(precisions_init=np.stack([np.diag([1.0, -1.0])] * 4)), "precisions_init"),
    (dict(precisions_init=np.stack([[[1.0, 0.5], [0.0, 1.0]]] * 4)), "precisions_init"),
    (dict(precisions_init=np.stack([np.eye(3)] * 4)), "precisions_init"),
]


@pytest.mark.parametrize("kwargs, name", BAD_GAUSSIAN)
def test_bad_arguments(kwargs, name):
    X = blobs(n=50)
    with pytest.raises(ValueError, match=name):
        em.GaussianMixtureEM(**{"n_components": 4, **kwargs}).fit(X)


def test_bad_data():
    X = blobs(n=50)
    with pytest.raises(ValueError, match="n_components"):
        em.GaussianMixtureEM(51).fit(X)
    bad = X.clone()
    bad[3, 1] = float("inf")
    with pytest.raises(ValueError, match="X"):
        em.GaussianMixtureEM(2).fit(bad)
    with pytest.raises(ValueError, match="X"):
        em.GaussianMixtureEM(2).fit(X[:, 0])
    gm = em.GaussianMixtureEM(2, seed=0).fit(X)
    with pytest.raises(ValueError, match="X"):
        gm.score(torch.zeros(3, 5))
    with pytest.raises(RuntimeError, match="fit"):
        em.GaussianMixtureEM(2).score(X)


@pytest.fixture(scope="module")
def digits():
    return vg.data.load_digits_split().x_train[:400].double()


def test_bernoulli_mixture_monotone_and_finite(digits):
    bm = fit_quiet(em.BernoulliMixtureEM(8, tol=0, max_iter=40, seed=0), digits)
    assert np.diff(bm.lower_bounds_).min() > -1e-12
    assert (bm.means_ > 0).all() and (bm.means_ < 1).all()
    assert torch.allclose(bm.score_samples(digits), bm.distribution().log_prob(digits), atol=1e-10, rtol=0)
    resp = bm.e_step(digits)
    assert abs(bm.elbo(digits, resp) - bm.score(digits)) < 1e-12
    assert bm.sample(4, seed=0)[0].shape == (4, 64)


def test_bernoulli_one_component_is_the_smoothed_pixel_mean(digits):
    bm = em.BernoulliMixtureEM(1, alpha=1.0, seed=0).fit(digits)
    expected = (digits.sum(0) + 1.0) / (len(digits) + 2.0)
    assert torch.allclose(bm.means_[0], expected, atol=1e-12, rtol=0)


def test_bernoulli_bad_inputs(digits):
    with pytest.raises(ValueError, match="X"):
        em.BernoulliMixtureEM(2).fit(digits * 0.5)
    with pytest.raises(ValueError, match="alpha"):
        em.BernoulliMixtureEM(2, alpha=0.0)
    with pytest.raises(ValueError, match="means_init"):
        em.BernoulliMixtureEM(2, means_init=np.zeros((2, 64))).fit(digits)
    with pytest.raises(ValueError, match="n_components"):
        em.BernoulliMixtureEM(401).fit(digits)


def test_seed_none_follows_torch_global_generator():
    X = blobs(n=200)
    torch.manual_seed(5)
    a = fit_quiet(em.GaussianMixtureEM(3, max_iter=3), X).means_
    torch.manual_seed(5)
    b = fit_quiet(em.GaussianMixtureEM(3, max_iter=3), X).means_
    assert torch.equal(a, b)
    vg.seed_all(7)
    gm = fit_quiet(em.GaussianMixtureEM(3, max_iter=3, init="random"), X)
    first = gm.sample(5)[0]
    vg.seed_all(7)
    again = fit_quiet(em.GaussianMixtureEM(3, max_iter=3, init="random"), X)
    assert torch.equal(gm.means_, again.means_) and torch.equal(first, again.sample(5)[0])


def test_fit_reads_e_step_m_step_bound():
    """The loop that chapter 3 shows (vg.show_source) runs the E-step, the M-step, then records the bound."""
    src = inspect.getsource(em.GaussianMixtureEM.fit)
    steps = [src.index(s) for s in ("self._e_step(", "self._m_step(", "self.lower_bounds_.append(", "< self.tol")]
    assert steps == sorted(steps)
    assert len(src.splitlines()) <= 35


def test_fit_restores_torch_thread_count():
    before = torch.get_num_threads()
    fit_quiet(em.GaussianMixtureEM(2, max_iter=2, seed=0), blobs(n=100))
    assert torch.get_num_threads() == before
