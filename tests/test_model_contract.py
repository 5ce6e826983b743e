"""One contract for every trainable model of vigen: built from its config, fitted by its ``fit_*``,
sampled on the CPU with the right shape, and bad input rejected with an error that names it."""
import pytest
import torch

from vigen.core.data import RING8, sample_mixture
from vigen.core.train import TrainConfig
from vigen.models import aae, ali, gan, vae

TINY_TRAIN = TrainConfig(steps=3, batch_size=16)
X2 = sample_mixture(RING8, 64, seed=0)                        # 2-D rows for the adversarial models
XBIN = (torch.rand(64, 5, generator=torch.Generator().manual_seed(0)) > 0.5).float()   # binary rows (VAE)

CASES = {
    "vae": (vae.VAE, vae.VAEConfig(hidden=8, depth=1, train=TINY_TRAIN, eval_every=1),
            lambda cfg: vae.fit_vae(cfg, XBIN, progress=False, device="cpu"), 5),
    "gan": (gan.GAN, gan.GANConfig(hidden=8, depth=1, lam=1.0, g_steps=2, train=TINY_TRAIN),
            lambda cfg: gan.fit_gan(cfg, RING8, progress=False), 2),
    "aae": (aae.AAE, aae.AAEConfig(hidden=8, depth=1, d_hidden=8, d_depth=1, train=TINY_TRAIN),
            lambda cfg: aae.fit_aae(cfg, X2, progress=False, device="cpu"), 2),
    "ali": (ali.ALI, ali.ALIConfig(hidden=8, depth=1, d_branch=8, d_z_branch=8, d_hidden=8, d_depth=1,
                                   train=TINY_TRAIN),
            lambda cfg: ali.fit_ali(cfg, X2, progress=False, device="cpu"), 2),
}


@pytest.mark.parametrize("name", CASES)
def test_built_from_its_config(name):
    cls, cfg, _, dim = CASES[name]
    model = cls.from_config(cfg, dim)
    assert isinstance(model, cls) and model.data_dim == dim and model.latent_dim == cfg.latent_dim


@pytest.mark.parametrize("name", CASES)
def test_fit_returns_a_model_and_its_history(name):
    cls, cfg, fit, dim = CASES[name]
    model, history = fit(cfg)
    assert isinstance(model, cls) and history["step"]
    a, b = fit(cfg)[0].sample(7, seed=1), model.sample(7, seed=1)
    assert torch.equal(a, b), "the same seed must give the same model"


@pytest.mark.parametrize("name", CASES)
def test_sample_has_the_data_shape_and_lives_on_the_cpu(name):
    cls, cfg, _, dim = CASES[name]
    x = cls.from_config(cfg, dim).sample(5, seed=0)
    assert x.shape == (5, dim) and x.device.type == "cpu"


@pytest.mark.parametrize("name", CASES)
def test_bad_rows_are_rejected_naming_x(name):
    cls, cfg, _, dim = CASES[name]
    model = cls.from_config(cfg, dim)
    with pytest.raises(ValueError, match="x"):
        model.validate_x(torch.zeros(3, dim + 1))
