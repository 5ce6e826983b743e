"""Tests of vigen.models.gan and vigen.exact.gan: exact table identities, the model contract, bad inputs."""
import dataclasses
import math

import pytest
import torch

from vigen.bench import gan as bench_gan
from vigen.core.data import DATASETS, GRID25, RING8, stretched
from vigen.core.train import TrainConfig
from vigen.exact import gan as exact_gan
from vigen.models import gan


def _tables(n=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(3):
        t = torch.rand(n, generator=g, dtype=torch.float64) + 0.05
        out.append(t / t.sum())
    return out


@pytest.mark.parametrize("seed", range(5))
def test_loss_rewrite_is_exact(seed):
    p, q_old, q = _tables(seed=seed)
    d = exact_gan.optimal_discriminator(p, q_old)
    const = 0.5 * (p * torch.log(1 / (2 * d))).sum() - 0.5 * math.log(2)
    lhs = exact_gan.label_joint_kl(p, q, d)
    assert abs(lhs - (const + 0.5 * exact_gan.generator_loss(q, d, q_old))) < 1e-12


def test_d_star_minimises_bce():
    p, q_old, _ = _tables(seed=1)
    d = exact_gan.optimal_discriminator(p, q_old)
    best = exact_gan.d_bce_table(p, q_old, d)
    g = torch.Generator().manual_seed(0)
    for _ in range(50):
        other = (d + 0.05 * torch.randn(d.shape, generator=g, dtype=torch.float64)).clamp(1e-3, 1 - 1e-3)
        assert exact_gan.d_bce_table(p, q_old, other) >= best


@pytest.mark.parametrize("seed", range(5))
def test_numerical_d_step_finds_the_optimal_discriminator(seed):
    p, q, _ = _tables(n=12, seed=seed)
    d = exact_gan.d_step_table(p, q)
    assert torch.allclose(d, exact_gan.optimal_discriminator(p, q), atol=1e-9, rtol=0)
    assert exact_gan.d_bce_table(p, q, d) <= exact_gan.d_bce_table(p, q, d.clamp(0.01, 0.99) * 0.99 + 0.005)


def test_numerical_d_step_rejects_bad_tables():
    with pytest.raises(ValueError, match="p_one and p_zero must be positive"):
        exact_gan.d_step_table([1.0, 0.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="p_zero must have the shape of p_one"):
        exact_gan.d_step_table([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="steps"):
        exact_gan.d_step_table([0.5, 0.5], [0.2, 0.8], steps=0)


def test_complete_loss_minimiser_and_gap():
    p, q_old, q = _tables(seed=2)
    d = exact_gan.optimal_discriminator(p, q_old)
    q_star = exact_gan.reweight(d, q_old)
    z = (d * q_old).sum()
    # L(q) = KL(q || q*) - log Z
    gap = exact_gan.generator_loss(q, d, q_old) - exact_gan.generator_loss(q_star, d, q_old)
    kl = (q * (q / q_star).log()).sum()
    assert abs(gap - kl) < 1e-12
    assert abs(exact_gan.generator_loss(q_star, d, q_old) + z.log()) < 1e-12


def test_incomplete_loss_prefers_point_mass():
    p, q_old, _ = _tables(seed=3)
    d = exact_gan.optimal_discriminator(p, q_old)
    point = torch.nn.functional.one_hot(d.argmax(), len(d)).double()
    qs = torch.distributions.Dirichlet(torch.ones(len(d), dtype=torch.float64)).sample((500,))
    best = exact_gan.generator_loss(point, d, q_old, complete=False)
    assert all(exact_gan.generator_loss(q, d, q_old, complete=False) >= best for q in qs)


def test_iteration_converges_to_data():
    p, q0, _ = _tables(seed=4)
    qs = exact_gan.iterate(p, q0, 40)
    assert (qs[-1] - p).abs().max() < 1e-10
    collapsed = exact_gan.iterate(p, q0, 5, complete=False)
    assert ((collapsed[1:] == 1).sum(1) == 1).all()


def test_kl_bound_holds():
    kl, bound = exact_gan.kl_bound_1d([0.0, 1.0, 2.0], [0.2, 0.8, 2.5], 0.3)
    assert 0 < kl <= bound


def test_g_kl_proxy_zero_gradient_at_snapshot():
    model = gan.GAN(2, hidden=8, depth=1)
    z = torch.randn(16, 2)
    x = model(z)
    proxy = gan.g_kl_proxy(x, x.detach(), 3.0)
    proxy.backward()
    assert proxy.item() == 0
    assert all((p.grad == 0).all() for p in model.generator.parameters())


def test_model_steps_and_keys():
    model = gan.GAN(2, hidden=16, depth=2, lam=1.0, g_steps=2)
    opts = {k: torch.optim.Adam(v, lr=1e-3) for k, v in model.parameter_groups().items()}
    batch = torch.randn(32, 2)
    assert set(model.d_step(batch, opts["d"])) == {"d_bce"}
    parts = model.g_step(batch, opts["g"])
    assert set(parts) == {"g_adv", "g_kl_proxy"} and parts["g_kl_proxy"] > 0


def test_fit_gan_is_seeded():
    cfg = gan.GANConfig(hidden=16, depth=2, lam=1.0, g_steps=2, train=TrainConfig(steps=20, batch_size=32))
    a, _ = gan.fit_gan(cfg, RING8, seed=1, progress=False)
    b, _ = gan.fit_gan(cfg, RING8, seed=1, progress=False)
    assert torch.equal(a.sample(10, seed=0), b.sample(10, seed=0))


def test_presets_and_framework():
    for (model, dataset), cfg in gan.PRESETS.items():
        assert cfg.name == model and (cfg.g_steps >= 2) == (model == "vigan")
        ci = gan.CI_PRESETS[(model, dataset)]
        assert ci == dataclasses.replace(cfg, train=dataclasses.replace(cfg.train, steps=1500))
    for key, cfg in gan.PRESETS.items():     # every model has the same networks and the same D-steps per dataset
        base = gan.PRESETS[("gan", key[1])]
        assert (cfg.hidden, cfg.depth, cfg.train.steps, cfg.train.batch_size) == (
            base.hidden, base.depth, base.train.steps, base.train.batch_size)
    assert gan.SIDE_PRESETS[("gan", "ring8")] == gan.PRESETS[("gan", "ring8")]
    assert all(set(row) == {"model", "latent", "first_slot", "second_slot", "kl", "learned", "approximated"}
               for row in gan.FRAMEWORK)
    assert gan.data_spread(RING8) == pytest.approx(1.0)
    assert gan.data_spread(GRID25) == pytest.approx(4.0)


def test_d_steps_split_the_batch_and_train_d_more():
    torch.manual_seed(0)
    model = gan.GAN(2, hidden=16, depth=2, d_steps=4)
    assert "d_steps=4" in repr(model)
    opts = {k: torch.optim.Adam(v, lr=1e-3) for k, v in model.parameter_groups().items()}
    before = [p.detach().clone() for p in model.discriminator.parameters()]
    model.d_step(torch.randn(64, 2), opts["d"])
    assert opts["d"].state[next(model.discriminator.parameters())]["step"].item() == 4   # four D-steps
    assert any(not torch.equal(a, b) for a, b in zip(before, model.discriminator.parameters()))
    model.g_step(torch.randn(64, 2), opts["g"])                  # 64 / 4 = 16 latent draws
    cfg = gan.GANConfig(hidden=16, depth=2, d_steps=3, train=TrainConfig(steps=5, batch_size=8))
    net, history = gan.fit_gan(cfg, RING8, progress=False)
    assert net.d_steps == 3 and len(history["d_bce"]) == 5


def test_one_d_step_reproduces_the_stored_benchmark_settings():
    cfg = gan.GANConfig(hidden=16, depth=2, train=TrainConfig(steps=10, batch_size=16))
    a, _ = gan.fit_gan(cfg, RING8, seed=3, progress=False)
    b, _ = gan.fit_gan(dataclasses.replace(cfg, d_steps=1), RING8, seed=3, progress=False)
    assert torch.equal(a.sample(10, seed=0), b.sample(10, seed=0))


def test_units_make_lambda_over_s_squared_repeat_the_run_exactly():
    cfg = gan.GANConfig(hidden=16, depth=2, lam=1.0, g_steps=2, train=TrainConfig(steps=30, batch_size=16))
    a, _ = gan.fit_gan(cfg, RING8, seed=0, progress=False)
    b, _ = gan.fit_gan(dataclasses.replace(cfg, lam=1 / 16, units=4.0), stretched(RING8, 4.0), seed=0, progress=False)
    c, _ = gan.fit_gan(dataclasses.replace(cfg, lam=1 / 4, units=4.0), stretched(RING8, 4.0), seed=0, progress=False)
    assert torch.equal(4 * a.sample(20, seed=1), b.sample(20, seed=1))       # powers of two: exact
    assert not torch.allclose(4 * a.sample(20, seed=1), c.sample(20, seed=1))
    again = gan.GAN.from_config(dataclasses.replace(cfg, units=4.0), 2)     # the same networks, units included
    again.load_state_dict(b.state_dict())
    assert "units=4" in repr(b) and torch.equal(again.sample(3), b.sample(3))
    with pytest.raises(ValueError, match="units"):
        dataclasses.replace(cfg, units=0.0)
    with pytest.raises(ValueError, match="units"):
        gan.GAN(2, units=-1.0)


def test_train_discriminator_1d_takes_seed_none_from_the_global_state():
    sampler = lambda n, g: torch.randn(n, 1, generator=g)  # noqa: E731
    x = torch.linspace(-1, 1, 5)[:, None]
    runs = []
    for _ in range(2):
        torch.manual_seed(4)
        runs.append(exact_gan.train_discriminator_1d(sampler, sampler, steps=3, batch_size=8, seed=None)(x))
    assert torch.equal(*runs)


def test_scale_and_dsteps_benchmarks_build_their_tasks():
    import pickle

    from vigen.bench import gan_dsteps, gan_scale
    tasks = gan_scale.tasks(["ring8"], [0.25, 1.0], [0])
    names = [(t[3].name, t[1]) for t in tasks]
    assert names == [("ring8_x0.25", "gan"), ("ring8_x0.25", "vigan"), ("ring8_x0.25", "vigan_lam_s-1"),
                     ("ring8_x0.25", "vigan_lam_s-2"), ("ring8_x1", "gan"), ("ring8_x1", "vigan")]
    trainer = pickle.loads(pickle.dumps(tasks[3][2]))
    assert trainer.keywords == {"base": "ring8", "model": "vigan", "factor": 0.25, "lam_power": -2}
    assert gan_dsteps.D_STEPS == (1, 5)


def test_sweep_trainers_are_picklable():
    import pickle
    for dataset in DATASETS:
        for name, trainer in bench_gan.sweep_points(dataset).items():
            assert pickle.loads(pickle.dumps(trainer)).keywords == trainer.keywords, (name, dataset)


# --- the catalogue of bad inputs -------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"lam": -1.0}, "lam"),
    ({"g_steps": 0}, "g_steps"),
    ({"d_steps": 0}, "d_steps"),
    ({"lam": 1.0, "g_steps": 1}, "g_steps"),
    ({"hidden": 0}, "hidden"),
    ({"latent_dim": 0}, "latent_dim"),
])
def test_bad_model_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gan.GAN(2, **kwargs)
    with pytest.raises(ValueError, match=match):
        gan.GANConfig(**kwargs)


def test_bad_shapes():
    model = gan.GAN(2, hidden=8, depth=1)
    with pytest.raises(ValueError, match="z must have shape"):
        model(torch.randn(4, 3))
    with pytest.raises(ValueError, match="x_gen and x_snapshot"):
        gan.g_kl_proxy(torch.zeros(4, 2), torch.zeros(4, 3), 1.0)
    with pytest.raises(ValueError, match="the discriminator takes 2 features"):
        model.discriminator(torch.zeros(4, 3))
    with pytest.raises(ValueError, match="x must have 2 columns"):
        model.validate_x(torch.zeros(4, 3))


def test_bad_toy_inputs():
    p, q_old, _ = _tables()
    with pytest.raises(ValueError, match="d must lie"):
        exact_gan.generator_loss(p, torch.ones(6, dtype=torch.float64), q_old)
    with pytest.raises(ValueError, match="q must have the shape"):
        exact_gan.label_joint_kl(p, torch.tensor([0.5, 0.5]), torch.full((6,), 0.5))
    with pytest.raises(ValueError, match="q0 must sum to 1"):
        exact_gan.iterate(p, torch.ones(6), 3)
    with pytest.raises(ValueError, match="n_iter"):
        exact_gan.iterate(p, q_old, 0)
    with pytest.raises(ValueError, match="sigma"):
        exact_gan.kl_bound_1d([0.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="lam"):
        gan.g_kl_proxy(torch.zeros(2, 2), torch.zeros(2, 2), -0.1)


def test_bad_fit_arguments():
    with pytest.raises(TypeError, match="cfg"):
        gan.fit_gan({"lam": 1}, RING8)
    with pytest.raises(TypeError, match="data must be of type MixtureSpec"):
        gan.fit_gan(gan.CI_PRESETS[("gan", "ring8")], "ring8")
    with pytest.raises(ValueError, match="every"):
        gan.SampleRecorder(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        gan.GANConfig().lam = 1.0                                     # configs are values, not state


def test_side_experiments_write_their_results(monkeypatch, tmp_path):
    import json

    from vigen.bench import gan_dsteps, gan_scale
    tiny = TrainConfig(steps=3, batch_size=8)
    for key, cfg in gan.SIDE_PRESETS.items():
        monkeypatch.setitem(gan.SIDE_PRESETS, key, dataclasses.replace(cfg, hidden=8, depth=1, train=tiny))
    assert gan_dsteps.main(["--seeds", "1", "--datasets", "ring8", "--d-steps", "2", "--jobs", "1",
                            "--out", str(tmp_path / "d.json")]) == 0
    stored = json.loads((tmp_path / "d.json").read_text())
    assert {r["model"] for r in stored["rows"]} == {"gan_d2", "vigan_d2"} and stored["settings"]["jobs"] == 1
    assert len(stored["summary"]) == 2
    assert gan_scale.main(["--seeds", "1", "--datasets", "ring8", "--factors", "4", "--jobs", "1",
                           "--out", str(tmp_path / "s.json")]) == 0
    stored = json.loads((tmp_path / "s.json").read_text())
    assert {r["dataset"] for r in stored["rows"]} == {"ring8_x4"} and len(stored["rows"]) == 4


def test_pacgan_packs_consecutive_samples_side_by_side():
    model = gan.GAN(2, hidden=8, depth=1, pack=3)
    x = torch.arange(12.0).reshape(6, 2)
    assert torch.equal(model.packed(x), torch.tensor([[0.0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]))
    assert model.discriminator.in_dim == 6 and "pack=3" in repr(model)
    assert gan.GANConfig(pack=4).name == "pacgan4" and gan.GANConfig(lam=1, g_steps=2, pack=2).name == "vigan_pac2"


@pytest.mark.parametrize("pack", [2, 4])
def test_pacgan_trains_with_batch_size_discriminator_inputs(pack):
    cfg = gan.GANConfig(hidden=8, depth=1, pack=pack, train=TrainConfig(steps=3, batch_size=16))
    seen = []
    model, history = gan.fit_gan(cfg, RING8, progress=False,
                                 callbacks=[lambda step, m, h: seen.append(m.pack)])
    assert seen == [pack] * 3 and len(history["d_bce"]) == 3
    x = torch.zeros(16 * pack, 2)
    assert model.discriminator(model.packed(x)).shape == (16,)    # batch_size inputs of pack samples each


def test_pack_must_be_a_positive_int():
    with pytest.raises((ValueError, TypeError), match="pack"):
        gan.GANConfig(pack=0)


def test_sweeps_default_to_what_their_stored_files_ran(monkeypatch):
    """``bench all`` runs ``--sweep`` without options: the defaults must be the stored sweeps' settings."""
    from vigen import report
    from vigen.bench import aae_ali
    seen = {}
    monkeypatch.setattr(bench_gan, "sweep", lambda args: seen.setdefault("gan", vars(args)) and 0)
    monkeypatch.setattr(aae_ali, "sweep", lambda args: seen.setdefault("ali", vars(args)) and 0)
    assert bench_gan.main(["--sweep"]) == 0 and aae_ali.main(["--sweep"]) == 0
    assert (seen["gan"]["seeds"], seen["gan"]["datasets"]) == (bench_gan.SWEEP_N_SEEDS, ["ring8", "grid25"])
    assert (seen["ali"]["seeds"], seen["ali"]["datasets"]) == (2, ["grid25"])
    assert report.load_results("ali_sweep")["settings"]["seeds"] == [100, 101]
