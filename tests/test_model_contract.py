"""One contract for every trainable model of vigen: built from its config by one ``from_config(cfg, data_dim)``,
fitted by ``fit_*(cfg, data, *, seed, progress, device, callbacks)``, sampled on the CPU with the right shape,
and bad input rejected with an error that names it."""
import inspect

import pytest
import torch

from vigen.core.data import RING8, sample_mixture
from vigen.core.train import TrainConfig
from vigen.models import aae, ali, gan, vae

TINY_TRAIN = TrainConfig(steps=3, batch_size=16)
X2 = sample_mixture(RING8, 64, seed=0)                        # 2-D rows for the adversarial models
XBIN = (torch.rand(64, 5, generator=torch.Generator().manual_seed(0)) > 0.5).float()   # binary rows (VAE)

CASES = {   # name: (model class, tiny config, fit_*, a data set it accepts, data_dim)
    "vae": (vae.VAE, vae.VAEConfig(hidden=8, depth=1, train=TINY_TRAIN, eval_every=1), vae.fit_vae, XBIN, 5),
    "gan": (gan.GAN, gan.GANConfig(hidden=8, depth=1, lam=1.0, g_steps=2, train=TINY_TRAIN), gan.fit_gan, RING8, 2),
    "aae": (aae.AAE, aae.AAEConfig(hidden=8, depth=1, d_hidden=8, d_depth=1, train=TINY_TRAIN), aae.fit_aae, X2, 2),
    "aae_spec": (aae.AAE, aae.AAEConfig(hidden=8, depth=1, d_hidden=8, d_depth=1, train=TINY_TRAIN), aae.fit_aae,
                 RING8, 2),
    "ali": (ali.ALI, ali.ALIConfig(hidden=8, depth=1, d_branch=8, d_z_branch=8, d_hidden=8, d_depth=1,
                                   train=TINY_TRAIN), ali.fit_ali, X2, 2),
    "ali_spec": (ali.ALI, ali.ALIConfig(hidden=8, depth=1, d_branch=8, d_z_branch=8, d_hidden=8, d_depth=1,
                                        objective="su_full", train=TINY_TRAIN), ali.fit_ali, RING8, 2),
}
FITS = {"vae": vae.fit_vae, "gan": gan.fit_gan, "aae": aae.fit_aae, "ali": ali.fit_ali}
SHAPE = {"seed": 0, "progress": True, "device": None, "callbacks": ()}
TRANSITIONAL = {"units", "objective", "data_dim"}  # old keywords kept until bench/ and the notebooks move


def _fit(name, **kwargs):
    _, cfg, fit, data, _ = CASES[name]
    return fit(cfg, data, **{"progress": False, "device": "cpu", **kwargs})


@pytest.mark.parametrize("name", FITS)
def test_every_fit_has_one_shape(name):
    params = inspect.signature(FITS[name]).parameters
    assert list(params)[:2] == ["cfg", "data"]
    keywords = {k: p.default for k, p in params.items() if p.kind is p.KEYWORD_ONLY}
    assert {k: keywords.get(k) for k in SHAPE} == SHAPE
    assert set(keywords) - set(SHAPE) <= TRANSITIONAL


@pytest.mark.parametrize("name", CASES)
def test_built_from_its_config(name):
    cls, cfg, _, _, dim = CASES[name]
    model = cls.from_config(cfg, dim)
    assert isinstance(model, cls) and model.data_dim == dim and model.latent_dim == cfg.latent_dim
    assert list(inspect.signature(cls.from_config).parameters) == ["cfg", "data_dim"]
    with pytest.raises(TypeError, match="cfg"):
        cls.from_config(TINY_TRAIN, dim)
    with pytest.raises(ValueError, match="data_dim"):
        cls.from_config(cfg, 0)


@pytest.mark.parametrize("name", CASES)
def test_fit_returns_a_model_and_its_history(name):
    cls, cfg, _, _, dim = CASES[name]
    model, history = _fit(name, seed=0)
    assert isinstance(model, cls) and history["step"] and model.data_dim == dim
    assert all(p.device.type == "cpu" for p in model.parameters()), "fit_* returns the model on the CPU"
    a, b = _fit(name, seed=0)[0].sample(7, seed=1), model.sample(7, seed=1)
    assert torch.equal(a, b), "the same seed must give the same model"


@pytest.mark.parametrize("name", CASES)
def test_fit_takes_the_same_keywords(name):
    seen = []
    stop = lambda step, model, history: seen.append(step) or step == 2  # noqa: E731
    model, history = _fit(name, seed=4, progress=False, device="cpu", callbacks=[stop])
    assert history["step"] == [1, 2] and seen == [1, 2]


@pytest.mark.parametrize("name", CASES)
def test_fit_rejects_a_bad_config_and_seed(name):
    _, _, fit, data, _ = CASES[name]
    with pytest.raises(TypeError, match="cfg"):
        fit(TINY_TRAIN, data, progress=False)
    with pytest.raises(TypeError, match="seed"):
        _fit(name, seed=-1)


@pytest.mark.parametrize("name", CASES)
def test_sample_has_the_data_shape_and_lives_on_the_cpu(name):
    cls, cfg, _, _, dim = CASES[name]
    x = cls.from_config(cfg, dim).sample(5, seed=0)
    assert x.shape == (5, dim) and x.device.type == "cpu"


@pytest.mark.parametrize("name", CASES)
def test_bad_rows_are_rejected_naming_x(name):
    cls, cfg, _, _, dim = CASES[name]
    model = cls.from_config(cfg, dim)
    with pytest.raises(ValueError, match="x"):
        model.validate_x(torch.zeros(3, dim + 1))
