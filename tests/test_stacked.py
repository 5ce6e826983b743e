"""Stacked digits (1000 modes) and their ruler, vigen.metrics.stacked."""
import math

import numpy as np
import pytest
import torch

import vigen as vg
from vigen.core.data import load_digits_split, stacked_digits
from vigen.metrics.stacked import (
    CONFIDENT,
    N_STACKED,
    ChannelClassifier,
    StackedScores,
    ceiling,
    score_samples,
    stacked_scores,
)


@pytest.fixture(scope="module")
def digits():
    return load_digits_split(binarized=False)


@pytest.fixture(scope="module")
def classifier(digits):
    return ChannelClassifier(digits)


def test_channels_are_training_images_and_the_mode_reads_their_labels(digits):
    x, modes = stacked_digits(200, split="train", seed=1, digits=digits)
    assert x.shape == (200, 192) and x.dtype == torch.float32
    assert modes.shape == (200,) and modes.dtype == torch.long
    for c in range(3):
        channel = x[:, 64 * c:64 * (c + 1)]
        match = (channel[:, None, :] == digits.x_train[None, :, :]).all(dim=2)    # (200, 1437)
        assert match.any(dim=1).all(), f"channel {c} is not a training image"
        # the matching training image's label is the mode's digit c (duplicates in the set share a label)
        first = match.float().argmax(dim=1)
        assert torch.equal(digits.y_train[first], modes // 10 ** (2 - c) % 10)
    assert 0 <= modes.min() and modes.max() < 1000


def test_test_split_draws_test_images(digits):
    x, _ = stacked_digits(50, split="test", seed=0, digits=digits)
    match = (x[:, :64][:, None, :] == digits.x_test[None, :, :]).all(dim=2)
    assert match.any(dim=1).all()


def test_default_digits_are_the_grey_level_split(digits):
    a = stacked_digits(10, seed=4)
    b = stacked_digits(10, seed=4, digits=digits)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])


def test_seeding(digits):
    a, ma = stacked_digits(20, seed=3, digits=digits)
    b, mb = stacked_digits(20, seed=3, digits=digits)
    c, _ = stacked_digits(20, seed=4, digits=digits)
    assert torch.equal(a, b) and torch.equal(ma, mb)
    assert not torch.equal(a, c)


def test_an_int_seed_leaves_the_global_state_alone_and_none_follows_it(digits):
    vg.seed_all(11)
    state = torch.get_rng_state()
    stacked_digits(5, seed=3, digits=digits)
    assert torch.equal(state, torch.get_rng_state())
    runs = []
    for n in (5, 5, 6):
        vg.seed_all(n)
        runs.append(stacked_digits(20, seed=None, digits=digits)[0])
    assert torch.equal(runs[0], runs[1]) and not torch.equal(runs[0], runs[2])


@pytest.mark.parametrize("call, exc, name", [
    (lambda d: stacked_digits(0, digits=d), ValueError, "n must be a positive int"),
    (lambda d: stacked_digits(2.0, digits=d), TypeError, "n must be a positive int"),
    (lambda d: stacked_digits(3, split="val", digits=d), ValueError, "split must be one of"),
    (lambda d: stacked_digits(3, seed=-1, digits=d), TypeError, "seed"),
    (lambda d: stacked_digits(3, digits=(1, 2)), TypeError, "digits must be of type Digits"),
    (lambda d: stacked_scores(torch.arange(5), n_modes=0), ValueError, "n_modes"),
    (lambda d: stacked_scores(torch.tensor([0.0, 1.0])), TypeError, "modes must hold integers"),
    (lambda d: stacked_scores(torch.zeros(2, 2, dtype=torch.long)), ValueError, "modes must be a non-empty 1-D"),
    (lambda d: stacked_scores(torch.tensor([], dtype=torch.long)), ValueError, "modes must be a non-empty 1-D"),
    (lambda d: stacked_scores(torch.tensor([0, 1000])), ValueError, "modes must lie in 0..999"),
    (lambda d: stacked_scores(torch.tensor([-1, 3])), ValueError, "modes must lie in"),
    (lambda d: score_samples(torch.zeros(4, 192), "ruler"), TypeError, "classifier"),
    (lambda d: ceiling("ruler"), TypeError, "classifier"),
])
def test_bad_input_names_the_argument(digits, call, exc, name):
    with pytest.raises(exc, match=name):
        call(digits)


def test_predict_modes_checks_the_shape(classifier):
    with pytest.raises(ValueError, match="x must have 192 columns"):
        classifier.predict_modes(torch.zeros(4, 64))
    with pytest.raises(ValueError, match="x must be a 2-D"):
        classifier.predict_modes(torch.zeros(192))
    with pytest.raises(ValueError, match="x must be finite"):
        classifier.predict_modes(torch.full((2, 192), float("nan")))


def test_uniform_histogram_scores_all_modes_and_zero_kl():
    s = stacked_scores(torch.arange(1000))
    assert isinstance(s, StackedScores) and s.modes == 1000
    assert abs(s.kl) < 1e-12
    s = stacked_scores(np.repeat(np.arange(1000), 3))     # numpy input, each mode thrice
    assert s.modes == 1000 and abs(s.kl) < 1e-12


def test_one_mode_scores_one_and_kl_log_1000():
    s = stacked_scores(torch.full((26,), 417, dtype=torch.long))
    assert s.modes == 1 and s.kl == pytest.approx(math.log(1000), abs=1e-12)


def test_half_the_modes_score_log_2():
    s = stacked_scores(torch.arange(0, 1000, 2))
    assert s.modes == 500 and s.kl == pytest.approx(math.log(2), abs=1e-12)


def test_classifier_accuracy_and_ceiling(classifier):
    assert 0.9 < classifier.accuracy <= 1.0
    top = ceiling(classifier, n=N_STACKED, seed=0)
    assert top.modes >= 990 and top.kl < 0.1
    assert ceiling(classifier, seed=0) == top


def test_predicted_modes_agree_with_true_modes_near_accuracy_cubed(classifier, digits):
    x, true_modes = stacked_digits(5000, split="test", seed=2, digits=digits)
    pred = classifier.predict_modes(x)
    assert pred.dtype == torch.long and pred.shape == (5000,)
    agreement = (pred == true_modes).double().mean().item()
    assert agreement > 0.8
    assert abs(agreement - classifier.accuracy ** 3) < 0.05
    scores = score_samples(x, classifier)
    assert scores[:2] == stacked_scores(pred)[:2]
    confident = (classifier.confidence(x) >= CONFIDENT).all(dim=1).double().mean().item()
    assert scores.quality == pytest.approx(confident) and 0.8 < scores.quality < 0.95   # real digits: the ruler's


def test_a_smear_between_modes_covers_them_but_loses_quality(classifier, digits):
    """The average of two real stacks lies between modes: it reaches nearly all 1000 with a KL near the
    ceiling's, and only the quality share shows that it is not a digit."""
    x, _ = stacked_digits(5000, split="test", seed=2, digits=digits)
    g = torch.Generator().manual_seed(0)
    real, smear = score_samples(x, classifier), score_samples(0.5 * (x + x[torch.randperm(5000, generator=g)]),
                                                               classifier)
    assert smear.modes > 950 and smear.kl < 0.2
    assert smear.quality < 0.5 * real.quality


def test_a_collapsed_sampler_scores_low(classifier, digits):
    x, _ = stacked_digits(1, split="test", seed=0, digits=digits)
    s = score_samples(x.repeat(100, 1), classifier)
    assert s.modes == 1 and s.kl == pytest.approx(math.log(1000))


# --- the source a GAN trains on, and the benchmark ---------------------------------------------------

def test_the_source_draws_what_stacked_digits_draws(digits):
    from vigen.core.data import _sample_stacked, seed_generator, stacked_source

    source = stacked_source("train", digits=digits)
    assert (source.name, source.dim, source.n_modes) == ("stacked_digits", 192, 1000)
    assert stacked_source("test", digits=digits).name == "stacked_digits_test"
    x, modes = _sample_stacked(source, 7, seed_generator(5))
    x2, modes2 = stacked_digits(7, seed=5, digits=digits)
    assert torch.equal(x, x2) and torch.equal(modes, modes2)
    with pytest.raises(ValueError, match="split must be one of"):
        stacked_source("val", digits=digits)


def test_a_gan_trains_on_stacked_digits(digits):
    from vigen.core.data import stacked_source
    from vigen.models.gan import GANConfig, fit_gan

    cfg = GANConfig(latent_dim=4, hidden=16, depth=1, lam=1.0, g_steps=2, pack=2,
                    train=vg.TrainConfig(steps=3, batch_size=8))
    model, history = fit_gan(cfg, stacked_source(digits=digits), seed=0, progress=False)
    assert model.data_dim == 192 and model.discriminator.in_dim == 2 * 192
    assert model.sample(5).shape == (5, 192) and len(history["d_bce"]) == 3
    with pytest.raises(TypeError, match="data must be of type MixtureSpec or StackedDigits"):
        fit_gan(cfg, digits, progress=False)


def test_the_benchmark_scores_along_training_and_its_sweep_is_one_knob_at_a_time():
    from vigen.bench import stacked as bench
    from vigen.models.gan import GANConfig

    assert bench.curve_steps(4000) == [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]
    cfg = GANConfig(latent_dim=4, hidden=16, depth=1, train=vg.TrainConfig(steps=8, batch_size=8))
    row = bench.run_one("gan", cfg, 0)
    assert row["curve_modes"][-1] == row["modes"] and row["curve_kl"][-1] == row["kl"]
    assert len(row["curve_modes"]) == len(row["curve_kl"]) == bench.CURVE_POINTS
    again = bench.run_one("gan", cfg, 0)
    assert {**again, "seconds": 0} == {**row, "seconds": 0}                     # deterministic
    knobs = bench.sweep_knobs()
    centre = {"pack": 1, "lr": bench.PRESETS["vigan"].train.lr, "lam": bench.PRESETS["vigan"].lam,
              "g_steps": bench.PRESETS["vigan"].g_steps}
    vigan = [k for k in knobs.values() if k["lam"] > 0]
    assert all(sum(k[a] != centre[a] for a in centre) <= 1 for k in vigan)      # one knob off the centre
    assert len(vigan) == sum(len(v) for v in bench.VIGAN_AXES.values()) - 2
    assert len(knobs) == len(vigan) + 4 * len(bench.SWEEP_LR)
    for m, cfg in bench.PRESETS.items():       # every preset is one of its sweep points
        assert bench.sweep_config({"pack": cfg.pack, "lr": cfg.train.lr, "lam": cfg.lam, "g_steps": cfg.g_steps}) == cfg
