"""The training loop: determinism, the NaN guard, early stopping, both model kinds."""
import pytest
import torch
from torch import nn

import vigen as vg


class Quadratic(nn.Module):
    """loss = mean((x - w)^2) + noise: its minimiser is the data mean."""

    def __init__(self, noisy=False):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(2))
        self.noisy = noisy

    def loss(self, batch):
        value = ((batch - self.w) ** 2).mean()
        if self.noisy:
            value = value + 0.01 * torch.randn(()) * self.w.sum()
        return value, {"mse": value.item()}


class Adversarial(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = nn.Linear(2, 1)
        self.g = nn.Parameter(torch.zeros(2))

    def parameter_groups(self):
        return {"d": list(self.d.parameters()), "g": [self.g]}

    def d_step(self, batch, opt):
        opt.zero_grad()
        loss = self.d(batch).pow(2).mean()
        loss.backward()
        opt.step()
        return {"d_loss": loss.item()}

    def g_step(self, batch, opt):
        opt.zero_grad()
        loss = (self.g - 1).pow(2).sum()
        loss.backward()
        opt.step()
        return {"g_loss": loss.item()}


DATA = torch.randn(256, 2, generator=torch.Generator().manual_seed(0)) + 3.0
CFG = vg.TrainConfig(steps=300, batch_size=32, lr=0.05)


def test_fit_minimises_loss_and_records_history():
    model = Quadratic()
    h = vg.fit(model, DATA, CFG, progress=False)
    assert len(h["step"]) == 300 and h["step"][-1] == 300
    assert torch.allclose(model.w.detach(), DATA.mean(0), atol=0.15)
    assert h.last("loss") < h["loss"][0]
    assert set(h) == {"step", "lr", "loss", "mse"}


def test_fit_is_deterministic_for_a_seed():
    runs = [vg.fit(Quadratic(noisy=True), DATA, CFG, seed=7, progress=False)["loss"] for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0] != vg.fit(Quadratic(noisy=True), DATA, CFG, seed=8, progress=False)["loss"]


def test_fit_leaves_global_rng_untouched():
    state = torch.get_rng_state()
    vg.fit(Quadratic(noisy=True), DATA, CFG, progress=False)
    assert torch.equal(state, torch.get_rng_state())


def test_batch_stream_and_model_noise_are_independent():
    """Regression: seeding both streams alike made the model's noise equal the data's."""
    seen = []

    class Probe(Quadratic):
        def loss(self, batch):
            seen.append(torch.corrcoef(torch.stack([batch.reshape(-1), torch.randn(batch.numel())]))[0, 1])
            return super().loss(batch)

    sampler = lambda n, g: torch.randn(n, 1, generator=g)  # noqa: E731
    vg.fit(Probe(), sampler, vg.TrainConfig(steps=50, batch_size=512), progress=False)
    assert abs(torch.stack(seen).mean()) < 0.05


def test_linear_schedule_decays_to_zero():
    h = vg.fit(Quadratic(), DATA, vg.TrainConfig(steps=10, batch_size=32, lr=0.1, lr_schedule="linear"),
               progress=False)
    assert h["lr"][0] == pytest.approx(0.1) and h["lr"][-1] == pytest.approx(0.01)


def test_nan_loss_stops_with_a_clear_error():
    class Exploding(Quadratic):
        def loss(self, batch):
            value, parts = super().loss(batch)
            return value * float("nan"), {"mse": float("nan")}

    with pytest.raises(FloatingPointError, match="NaN at step 1"):
        vg.fit(Exploding(), DATA, CFG, progress=False)


def test_callback_can_stop_early():
    h = vg.fit(Quadratic(), DATA, CFG, progress=False, callbacks=[lambda step, m, h: step == 5])
    assert h["step"][-1] == 5


def test_adversarial_models_get_one_optimizer_per_group():
    model = Adversarial()
    h = vg.fit(model, DATA, vg.TrainConfig(steps=200, batch_size=32, lr=0.05), progress=False)
    assert {"d_loss", "g_loss"} <= set(h)
    assert torch.allclose(model.g.detach(), torch.ones(2), atol=0.05)


def test_sampler_data_and_device():
    sampler = lambda n, g: torch.randn(n, 2, generator=g) + 3.0  # noqa: E731
    model = Quadratic()
    vg.fit(model, sampler, CFG, progress=False, device="cpu")
    assert torch.allclose(model.w.detach(), torch.full((2,), 3.0), atol=0.2)
    assert vg.default_device() in ("cpu", "cuda")


def test_models_without_a_contract_are_rejected():
    with pytest.raises(TypeError, match="loss"):
        vg.fit(nn.Linear(2, 2), DATA, CFG, progress=False)


def test_seed_all_seeds_torch():
    vg.seed_all(3)
    a = torch.rand(3)
    vg.seed_all(3)
    assert torch.equal(a, torch.rand(3))
