"""The catalogue of bad inputs: each raises ValueError or TypeError naming the argument."""
import pytest
import torch
from torch.distributions import Normal

import vigen as vg
from vigen.core.toys import DiscreteToy, LinearGaussianToy

P_OK = [0.5, 0.5]


@pytest.mark.parametrize("call, exc, match", [
    (lambda: vg.kl_discrete([0.5, 0.6], P_OK), ValueError, "p must sum to 1"),
    (lambda: vg.kl_discrete(P_OK, [1.2, -0.2]), ValueError, "q must be non-negative"),
    (lambda: vg.kl_discrete([0.5, 0.5], [0.2, 0.3, 0.5]), ValueError, "same shape"),
    (lambda: vg.kl_discrete([], []), ValueError, "p must not be empty"),
    (lambda: vg.kl_discrete([float("nan"), 1.0], P_OK), ValueError, "p must be finite"),
    (lambda: vg.kl_discrete("abc", P_OK), TypeError, "p must be"),
    (lambda: vg.kl_discrete([[0.5, 0.6], [0.5, 0.5]], [[0.5, 0.5]] * 2, axis=-1), ValueError, "along axis"),
    (lambda: vg.kl_normal(0.0, 0.0, 0.0, 1.0), ValueError, "p_scale must be positive"),
    (lambda: vg.kl_normal(0.0, 1.0, 0.0, -1.0), ValueError, "q_scale must be positive"),
    (lambda: vg.kl_normal([0.0, 1.0], 1.0, [0.0, 1.0, 2.0], 1.0), ValueError, "broadcast"),
    (lambda: vg.mc_kl(Normal(0.0, 1.0), Normal(0.0, 1.0), 0), ValueError, "num_samples"),
    (lambda: vg.mc_kl(Normal(0.0, 1.0), Normal(0.0, 1.0), 2.5), TypeError, "num_samples"),
    (lambda: vg.mc_kl("p", Normal(0.0, 1.0), 10), TypeError, "p must be a torch.distributions"),
    (lambda: vg.kl.mc_mean(torch.tensor([1.0])), ValueError, "at least 2"),
    (lambda: DiscreteToy([0.5, 0.5], [[0.5, 0.5]], [1.0, 0.0], [[0.5, 0.5], [0.5, 0.5]]), ValueError,
     "p_z_given_x must have shape"),
    (lambda: DiscreteToy([0.5, 0.5], [[0.5, 0.6], [0.5, 0.5]], [1.0, 0.0], [[0.5, 0.5]] * 2), ValueError,
     "p_z_given_x must sum"),
    (lambda: DiscreteToy.random(0, 3), ValueError, "nx"),
    (lambda: LinearGaussianToy(s=0.0), ValueError, "s must be"),
    (lambda: LinearGaussianToy(data_scale=-1.0), ValueError, "data_scale"),
    (lambda: LinearGaussianToy(enc_scale=float("inf")), ValueError, "enc_scale"),
    (lambda: vg.data.ring8(0), ValueError, "n must be a positive int"),
    (lambda: vg.data.grid25(10, seed=-1), TypeError, "seed"),
    (lambda: vg.data.binarize([1.0, float("nan")]), ValueError, "x must be finite"),
    (lambda: vg.data.train_val_split(torch.zeros(10, 2), 1.5), ValueError, "val_fraction"),
    (lambda: vg.data.train_val_split(torch.zeros(1, 2), 0.5), ValueError, "too few"),
    (lambda: vg.data.train_val_split(torch.zeros(0, 2), 0.5), ValueError, "x must not be empty"),
    (lambda: vg.metrics.mode_scores(torch.zeros(10, 3), vg.data.RING8), ValueError, "samples must have 2 columns"),
    (lambda: vg.metrics.mode_scores(torch.zeros(10), vg.data.RING8), ValueError, "samples must be a 2-D"),
    (lambda: vg.metrics.mode_scores(torch.zeros(10, 2), "ring8"), TypeError, "spec"),
    (lambda: vg.TrainConfig(steps=0), ValueError, "steps"),
    (lambda: vg.TrainConfig(lr=-1.0), ValueError, "lr"),
    (lambda: vg.TrainConfig(lr_schedule="cosine"), ValueError, "lr_schedule"),
    (lambda: vg.TrainConfig(betas=(0.9, 1.0)), ValueError, "betas"),
    (lambda: vg.fit(torch.nn.Linear(1, 1), torch.zeros(4, 1), "cfg"), TypeError, "cfg"),
    (lambda: vg.fit(torch.nn.Linear(1, 1), torch.zeros(0, 1), vg.TrainConfig()), ValueError, "data must not be empty"),
    (lambda: vg.nets.mlp(2, 0), ValueError, "out_dim"),
    (lambda: vg.nets.mlp(2, 1, activation="swish"), ValueError, "activation"),
    (lambda: vg.check.close(1.0, 1.0, atol=0.0, label="x"), ValueError, "atol"),
    (lambda: vg.seed_all(-3), TypeError, "seed"),
])
def test_bad_input_is_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
