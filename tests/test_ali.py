"""Tests of vigen.models.ali: the exact toy identities, the losses, the model contract, bad inputs."""
import dataclasses
import json
import math

import pytest
import torch

from vigen.bench import aae_ali as bench_aae_ali
from vigen.core.data import GRID25, RING8, MixtureSpec
from vigen.core.toys import DiscreteToy
from vigen.core.train import TrainConfig
from vigen.exact import ali as exact_ali
from vigen.models import ali
from vigen.models.adversarial import optimal_discriminator

TINY = ali.ALIConfig(hidden=8, depth=1, d_branch=8, d_z_branch=4, d_x_depth=1, d_hidden=8, d_depth=1,
                     train=TrainConfig(steps=5, batch_size=16, lr=1e-3))


def _tables_as_logits(toy):
    """The encoder and decoder of ``toy`` as logits that require gradients, and the toy they build."""
    enc = toy.p_z_given_x.log().clone().requires_grad_(True)
    dec = toy.q_x_given_z.log().clone().requires_grad_(True)
    return enc, dec, DiscreteToy(toy.p_x, enc.softmax(-1), toy.q_z, dec.softmax(-1))


@pytest.mark.parametrize("seed", range(20))
def test_su_kl_equals_its_four_terms(seed):
    new = DiscreteToy.random(5, 4, seed=seed)
    old = exact_ali.random_move(new, seed=100 + seed)
    terms = exact_ali.su_terms(new, old)
    assert abs(exact_ali.su_kl(new, old) - sum(terms.values())) < 1e-12
    assert terms["dec_kl"] >= 0


def test_su_kl_against_a_direct_sum():
    new = DiscreteToy.random(3, 2, seed=1)
    old = exact_ali.random_move(new, seed=2)
    d = optimal_discriminator(old.p_xz, old.q_xz)
    p_z_given_x, p_x = new.p_z_given_x, new.p_x       # the second slot holds the current encoder
    direct = sum(0.5 * new.p_xz[i, j] * math.log(0.5 * new.p_xz[i, j] / (d[i, j] * p_z_given_x[i, j] * p_x[i]))
                 + 0.5 * new.q_xz[i, j] * math.log(0.5 * new.q_xz[i, j]
                                                   / ((1 - d[i, j]) * p_z_given_x[i, j] * p_x[i]))
                 for i in range(3) for j in range(2))
    assert abs(exact_ali.su_kl(new, old).item() - direct) < 1e-12


@pytest.mark.parametrize("seed", range(5))
def test_dropped_terms_gradients_at_the_snapshot(seed):
    toy = DiscreteToy.random(5, 4, seed=seed)
    g_dec, g_enc = exact_ali.dropped_term_gradients(toy)
    assert g_dec.abs().max() < 1e-12                                   # the decoder KL: flat at the snapshot
    expected = 0.5 * toy.q_x[:, None] * (toy.p_z_given_x - toy.q_z_given_x)   # ½ q(x) (p(z|x) - q(z|x))
    assert (g_enc - expected).abs().max() < 1e-12 and g_enc.abs().max() > 1e-3
    # the encoder term does not depend on the decoder's logits at the snapshot (its log-ratio vanishes there)
    enc, dec, moved = _tables_as_logits(toy)
    (g_enc_dec,) = torch.autograd.grad(exact_ali.su_terms(moved, toy)["enc_cross"], (dec,))
    assert g_enc_dec.abs().max() < 1e-12


def test_encoder_term_is_flat_where_the_encoder_is_the_decoders_posterior():
    _, g_enc = exact_ali.dropped_term_gradients(DiscreteToy.random(5, 4, seed=3).with_true_posterior())
    assert g_enc.abs().max() < 1e-12


def test_ge_loss_of_the_full_objective_is_twice_su_kl():
    new = DiscreteToy.random(4, 3, seed=0)
    old = exact_ali.random_move(new, seed=1)
    assert abs(exact_ali.ge_loss(new, old, objective="su_full") - 2 * (exact_ali.su_kl(new, old) + math.log(2))) < 1e-12
    su, std = (exact_ali.ge_loss(new, old, objective=o) for o in ("su", "standard"))
    assert abs(std - su - (new.p_xz * (old.p_xz / old.q_xz).log()).sum()) < 1e-12   # -log(1-D) = -log D + log p°/q°


def test_exact_alternation_decreases_su_kl_and_matches_the_joints():
    toys = [DiscreteToy.random(5, 4, seed=s) for s in range(3)]
    for path in exact_ali.trajectories(toys, 100, method="exact"):
        for a, b in zip(path[:-1], path[1:]):
            assert exact_ali.su_kl(b, a) <= exact_ali.su_kl(a, a) + 1e-15      # the G/E step
            assert exact_ali.su_kl(b, b) <= exact_ali.su_kl(b, a) + 1e-15      # the next D-step
        assert abs(exact_ali.js_divergence(path[-1])) < 1e-12


def test_gradient_trajectories_separate_the_truncated_loss():
    toys = [DiscreteToy.random(5, 4, seed=s) for s in range(3)]
    final = {obj: [exact_ali.js_divergence(p[-1]) for p in exact_ali.trajectories(toys, 150, objective=obj, lr=2.0)]
             for obj in ali.OBJECTIVES}
    assert max(final["su_full"]) < 0.02 and max(final["standard"]) < 0.02 and min(final["su"]) > 0.2


def test_one_gradient_step_matches_the_trajectory():
    toy = DiscreteToy.random(4, 3, seed=5)
    step = exact_ali.gradient_step(toy, objective="su_full", lr=1.0)
    again = exact_ali.trajectories([toy], 1, objective="su_full", lr=1.0)[0][1]
    assert torch.allclose(step.p_z_given_x, again.p_z_given_x)
    assert exact_ali.su_kl(step, toy) < exact_ali.su_kl(toy, toy)
    assert torch.allclose(exact_ali.exact_step(toy).q_xz, exact_ali.trajectories([toy], 1, method="exact")[0][1].q_xz)


def test_generator_encoder_loss_values():
    z = torch.zeros(4)
    loss, parts = ali.generator_encoder_loss(z, z, objective="su")
    assert abs(loss.item() - 2 * math.log(2)) < 1e-6 and set(parts) == {"g_enc", "g_gen"}
    loss, parts = ali.generator_encoder_loss(z, z, objective="su_full", log_p_z_given_gen=torch.full((4,), -1.5))
    assert abs(loss.item() - 2 * math.log(2) - 1.5) < 1e-6 and parts["g_cross"] == 1.5
    big = torch.full((4,), 20.0)
    assert ali.generator_encoder_loss(big, big, objective="su")[0].item() < 1e-6
    assert ali.generator_encoder_loss(-big, big, objective="standard")[0].item() < 1e-6


@pytest.mark.parametrize("stochastic, objective", [(True, "standard"), (False, "standard"), (True, "su_full")])
def test_model_contract(stochastic, objective):
    cfg = dataclasses.replace(TINY, stochastic=stochastic, objective=objective)
    model, history = ali.fit_ali(cfg, RING8, seed=0, progress=False, device="cpu")
    assert {"d_loss", "d_one", "d_zero", "g_enc", "g_gen"} <= set(history)
    assert ("g_cross" in history) == (objective == "su_full")
    x = torch.randn(7, 2)
    assert model.sample(11, seed=0).shape == (11, 2)
    assert model.encode(x).shape == (7, 2) and model.reconstruct(x).shape == (7, 2)
    assert model.recon_error(x) >= 0
    assert "ALI(data_dim=2" in repr(model)
    again, _ = ali.fit_ali(cfg, RING8, seed=0, progress=False, device="cpu")
    assert torch.equal(model.sample(5, seed=1), again.sample(5, seed=1))
    assert model.objective == objective


def test_presets_carry_their_objective():
    assert all(cfg.objective == objective for objective, cfg in ali.PRESETS.items())
    assert ali.DIGITS_CI.objective == "standard" and ali.BASE.objective == "standard"


def test_fit_on_a_tensor_and_bench_hooks(monkeypatch):
    model, _ = ali.fit_ali(dataclasses.replace(TINY, objective="su"), torch.rand(40, 6), seed=0, progress=False,
                           device="cpu")
    assert model.data_dim == 6
    monkeypatch.setitem(ali.PRESETS, "standard", TINY)
    run = bench_aae_ali.ali_trainer(GRID25, 0, objective="standard")
    assert bench_aae_ali.ali_trainer(GRID25, 0, objective="su_full", cfg=TINY).samples.shape == (2500, 2)
    assert run.samples.shape == (2500, 2) and run.extras["recon_error"] >= 0
    json.dumps(ali.bench_settings())


def test_framework_metadata():
    assert set(ali.FRAMEWORK) == {"model", "latent", "first_slot", "second_slot", "kl", "learned", "approximated"}


@pytest.mark.parametrize("call, match", [
    (lambda: ali.generator_encoder_loss(torch.zeros(2), torch.zeros(2), objective="wgan"), "objective"),
    (lambda: ali.ALI(0), "data_dim"),
    (lambda: ali.ALI(2, 0), "latent_dim"),
    (lambda: ali.ALI(2, objective="minimax"), "objective"),
    (lambda: ali.ALIConfig(hidden=0), "hidden"),
    (lambda: ali.ALIConfig(d_z_branch=-1), "d_z_branch"),
    (lambda: ali.ALIConfig(objective="x"), "objective"),
    (lambda: ali.ALIConfig(objective="su_full", stochastic=False), "stochastic"),
    (lambda: ali.fit_ali(TINY, torch.zeros(0, 2), progress=False), "data"),
    (lambda: ali.ALI(2).sample(0), "n"),
    (lambda: ali.ALI(2).encode(torch.zeros(3, 5)), "x"),
    (lambda: bench_aae_ali.ali_trainer(MixtureSpec("other", torch.zeros(1, 2), 0.1), 0, objective="su"), "spec"),
    (lambda: ali.generator_encoder_loss(torch.zeros(2), torch.zeros(2), objective="su_full"), "log_p_z_given_gen"),
    (lambda: ali.ALI(2, objective="su_full", stochastic=False), "stochastic"),
    (lambda: exact_ali.su_kl(DiscreteToy.random(2, 2, seed=0), DiscreteToy.random(2, 2, seed=1)), "share"),
    (lambda: exact_ali.trajectories([DiscreteToy.random(2, 2)], 3, method="newton"), "method"),
    (lambda: exact_ali.trajectories([DiscreteToy.random(2, 2)], 3, objective="su", method="exact"), "objective"),
    (lambda: exact_ali.gradient_step(DiscreteToy.random(2, 2), objective="su", lr=0), "lr"),
])
def test_bad_inputs_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: ali.fit_ali("cfg", RING8), "cfg"),
    (lambda: ali.ALIConfig(train="fast"), "train"),
    (lambda: exact_ali.su_kl("toy", DiscreteToy.random(2, 2)), "toy"),
    (lambda: exact_ali.random_move([0.5, 0.5]), "toy"),
    (lambda: bench_aae_ali.ali_trainer("ring8", 0, objective="su"), "spec"),
])
def test_bad_types_raise_type_error(call, match):
    with pytest.raises(TypeError, match=match):
        call()
