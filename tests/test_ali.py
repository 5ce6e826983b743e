"""Tests of vigen.ali: the exact toy identities, the losses, the model contract, bad inputs."""
import dataclasses
import json
import math

import pytest
import torch

from vigen import ali, ali_toys
from vigen.adversarial import optimal_discriminator
from vigen.data import GRID25, RING8, MixtureSpec
from vigen.toys import DiscreteToy
from vigen.train import TrainConfig

TINY = ali.ALIConfig(hidden=8, depth=1, d_branch=8, d_z_branch=4, d_x_depth=1, d_hidden=8, d_depth=1,
                     train=TrainConfig(steps=5, batch_size=16, lr=1e-3))


@pytest.mark.parametrize("seed", range(20))
def test_su_split_is_exact(seed):
    new, old = DiscreteToy.random(5, 4, seed=seed), DiscreteToy.random(5, 4, seed=100 + seed)
    parts = ali_toys.su_split(new, old)
    assert abs(ali_toys.labelled_kl(new, old) - sum(parts.values())) < 1e-12
    assert parts["kl_p"] >= 0 and parts["kl_q"] >= 0


def test_labelled_kl_against_a_direct_sum():
    new, old = DiscreteToy.random(3, 2, seed=1), DiscreteToy.random(3, 2, seed=2)
    d = optimal_discriminator(old.p_xz, old.q_xz)
    direct = sum(0.5 * new.p_xz[i, j] * math.log(0.5 * new.p_xz[i, j] / (d[i, j] * old.p_xz[i, j]))
                 + 0.5 * new.q_xz[i, j] * math.log(0.5 * new.q_xz[i, j] / ((1 - d[i, j]) * old.p_xz[i, j]))
                 for i in range(3) for j in range(2))
    assert abs(ali_toys.labelled_kl(new, old).item() - direct) < 1e-12


def test_kept_terms_differ_by_the_label_swap():
    toy = DiscreteToy.random(4, 3, seed=3)
    d = optimal_discriminator(toy.p_xz, toy.q_xz)
    su = ali_toys.ge_loss_exact(toy, d, objective="su")
    std = ali_toys.ge_loss_exact(toy, d, objective="standard")
    # -log(1 - D) = -log D + log p - log q at D = D*
    assert abs(std - su - (toy.p_xz * (toy.p_xz / toy.q_xz).log()).sum()) < 1e-12


def test_proximal_steps_match_for_standard_and_separate_for_su():
    toy = DiscreteToy.random(4, 3, seed=0)
    js = {}
    for obj in ali.OBJECTIVES:
        t = toy
        for _ in range(30):
            t = ali_toys.proximal_step(t, objective=obj)
        js[obj] = (t.p_xz - t.q_xz).abs().sum().item()
    assert js["standard"] < 1e-3 < js["su"]


def test_generator_encoder_loss_values():
    z = torch.zeros(4)
    loss, parts = ali.generator_encoder_loss(z, z, objective="su")
    assert abs(loss.item() - 2 * math.log(2)) < 1e-6 and set(parts) == {"g_enc", "g_gen"}
    big = torch.full((4,), 20.0)
    assert ali.generator_encoder_loss(big, big, objective="su")[0].item() < 1e-6
    assert ali.generator_encoder_loss(-big, big, objective="standard")[0].item() < 1e-6


@pytest.mark.parametrize("stochastic", [True, False])
def test_model_contract(stochastic):
    cfg = dataclasses.replace(TINY, stochastic=stochastic)
    model, history = ali.fit_ali(cfg, RING8, objective="standard", seed=0, progress=False, device="cpu")
    assert {"d_loss", "d_one", "d_zero", "g_enc", "g_gen"} <= set(history)
    x = torch.randn(7, 2)
    assert model.sample(11, seed=0).shape == (11, 2)
    assert model.encode(x).shape == (7, 2) and model.reconstruct(x).shape == (7, 2)
    assert model.recon_error(x) >= 0
    assert "ALI(data_dim=2" in repr(model)
    again, _ = ali.fit_ali(cfg, RING8, objective="standard", seed=0, progress=False, device="cpu")
    assert torch.equal(model.sample(5, seed=1), again.sample(5, seed=1))


def test_fit_on_a_tensor_and_bench_hooks(monkeypatch):
    model, _ = ali.fit_ali(TINY, torch.rand(40, 6), objective="su", seed=0, progress=False, device="cpu")
    assert model.data_dim == 6
    monkeypatch.setitem(ali.BENCH, "grid25", TINY)
    run = ali.bench_run(GRID25, 0, objective="standard")
    assert run.samples.shape == (2500, 2) and run.extras["recon_error"] >= 0
    json.dumps(ali.bench_settings())


def test_framework_metadata():
    assert set(ali.FRAMEWORK) == {"model", "latent", "p_joint", "q_joint", "kl", "learned", "approximated"}


@pytest.mark.parametrize("call, match", [
    (lambda: ali.generator_encoder_loss(torch.zeros(2), torch.zeros(2), objective="wgan"), "objective"),
    (lambda: ali.ALI(0), "data_dim"),
    (lambda: ali.ALI(2, 0), "latent_dim"),
    (lambda: ali.ALI(2, objective="minimax"), "objective"),
    (lambda: ali.ALIConfig(hidden=0), "hidden"),
    (lambda: ali.ALIConfig(d_z_branch=-1), "d_z_branch"),
    (lambda: ali.fit_ali(TINY, RING8, objective="x", progress=False), "objective"),
    (lambda: ali.fit_ali(TINY, torch.zeros(0, 2), progress=False), "data"),
    (lambda: ali.ALI(2).sample(0), "n"),
    (lambda: ali.ALI(2).encode(torch.zeros(3, 5)), "x"),
    (lambda: ali.bench_run(MixtureSpec("other", torch.zeros(1, 2), 0.1), 0, objective="su"), "spec"),
    (lambda: ali_toys.ge_loss_exact(DiscreteToy.random(2, 2), torch.full((3, 2), 0.5)), "d_table"),
    (lambda: ali_toys.ge_loss_exact(DiscreteToy.random(2, 2), torch.ones(2, 2)), "d_table"),
])
def test_bad_inputs_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: ali.fit_ali("cfg", RING8), "cfg"),
    (lambda: ali.ALIConfig(train="fast"), "train"),
    (lambda: ali_toys.labelled_kl("toy", DiscreteToy.random(2, 2)), "toy"),
    (lambda: ali.bench_run("ring8", 0, objective="su"), "spec"),
])
def test_bad_types_raise_type_error(call, match):
    with pytest.raises(TypeError, match=match):
        call()
