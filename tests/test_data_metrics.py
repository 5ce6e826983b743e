"""Datasets (brief section 4) and the mode-coverage metrics."""
import math

import pytest
import torch

import vigen as vg
from vigen.core.data import GRID25, RING8


def test_ring8_has_eight_distinct_unit_centres():
    c = RING8.centers
    assert c.shape == (8, 2)
    assert torch.allclose(c.norm(dim=1), torch.ones(8, dtype=torch.float64))
    gaps = torch.cdist(c, c) + 10 * torch.eye(8)
    assert gaps.min() > 0.7  # the linspace(0, 2π, 8) bug would put two modes on one point


def test_grid25_centres():
    assert GRID25.centers.shape == (25, 2)
    assert set(GRID25.centers[:, 0].tolist()) == {-4.0, -2.0, 0.0, 2.0, 4.0}


@pytest.mark.parametrize("sampler", [vg.data.ring8, vg.data.grid25])
def test_samplers_are_seeded_float32(sampler):
    a, b = sampler(100, seed=3), sampler(100, seed=3)
    assert a.dtype == torch.float32 and a.shape == (100, 2) and torch.equal(a, b)
    assert not torch.equal(a, sampler(100, seed=4))


def test_perfect_samplers_score_as_the_protocol_says():
    ring = vg.metrics.mode_scores(vg.data.ring8(2500, seed=0), RING8)
    grid = vg.metrics.mode_scores(vg.data.grid25(2500, seed=0), GRID25)
    assert ring.modes == 8 and abs(ring.hq - 0.989) < 0.01 and ring.rev_kl < 0.005
    assert grid.modes == 25 and abs(grid.hq - 0.988) < 0.01 and grid.rev_kl < 0.015


def test_collapsed_sampler_scores_one_mode_and_log_k():
    collapsed = RING8.centers[2].float().repeat(2500, 1)
    s = vg.metrics.mode_scores(collapsed, RING8)
    assert s.modes == 1 and s.hq == 1.0 and s.rev_kl == pytest.approx(math.log(8), abs=1e-12)
    assert s.rev_kl_hq == pytest.approx(math.log(8), abs=1e-12)


def test_off_mode_samples_are_not_high_quality():
    s = vg.metrics.mode_scores(torch.zeros(100, 2), RING8)
    assert s.modes == 0 and s.hq == 0.0


def test_off_mode_samples_leave_pacgans_reverse_kl_undefined():
    s = vg.metrics.mode_scores(torch.zeros(100, 2), RING8)
    assert math.isnan(s.rev_kl_hq) and "reverse KL nan" in str(s)


def test_a_smear_fools_the_all_sample_histogram_not_pacgans():
    """Uniform points over the grid's square: every mode is someone's nearest, so the all-sample histogram is
    nearly uniform, but the few high-quality samples fall on the modes unevenly."""
    g = torch.Generator().manual_seed(0)
    smear = (torch.rand(2500, 2, generator=g, dtype=torch.float64) - 0.5) * 10
    s = vg.metrics.mode_scores(smear, GRID25)
    assert s.hq < 0.05 and s.rev_kl < 0.05 and s.rev_kl_hq > 4 * s.rev_kl


def test_pacgans_reverse_kl_counts_only_high_quality_samples():
    on_modes = RING8.centers.repeat(100, 1)                      # 100 exact samples on each of the 8 modes
    off = torch.zeros(800, 2, dtype=torch.float64)               # as many at the centre, nearest to mode 0 (ties)
    s = vg.metrics.mode_scores(torch.cat([on_modes, off]), RING8)
    assert s.rev_kl_hq == pytest.approx(0.0, abs=1e-12)          # the HQ histogram is exactly uniform
    assert s.rev_kl > 0.5                                        # the off-mode half piles onto one nearest mode


def test_digits_split_sizes_and_binarization():
    d = vg.data.load_digits_split()
    assert d.x_train.shape == (1437, 64) and d.x_test.shape == (360, 64)
    assert set(torch.unique(d.x_train).tolist()) <= {0.0, 1.0}
    raw = vg.data.load_digits_split(binarized=False)
    assert torch.equal(vg.data.binarize(raw.x_train * 16), d.x_train)
    assert raw.x_train.max() <= 1.0


def test_binarize_threshold():
    assert vg.data.binarize([0, 7, 8, 16]).tolist() == [0.0, 0.0, 1.0, 1.0]


def test_train_val_split_is_disjoint_and_seeded():
    x = torch.arange(100.0).reshape(50, 2)
    tr, va = vg.data.train_val_split(x, 0.2, seed=0)
    assert len(tr) == 40 and len(va) == 10
    rows = {tuple(r) for r in tr.tolist()} | {tuple(r) for r in va.tolist()}
    assert len(rows) == 50
    assert torch.equal(va, vg.data.train_val_split(x, 0.2, seed=0)[1])


def test_stretched_copy_scores_like_the_original():
    from vigen.core.data import RING8, sample_mixture, stretched
    from vigen.metrics.modes import mode_scores
    big = stretched(RING8, 4.0)
    x = sample_mixture(RING8, 500, seed=0)
    a, b = mode_scores(x, RING8), mode_scores(4.0 * x, big)
    assert (a.modes, a.hq) == (b.modes, b.hq) and abs(a.rev_kl - b.rev_kl) < 1e-12
    with pytest.raises(ValueError, match="factor"):
        stretched(RING8, 0.0)
    with pytest.raises(TypeError, match="spec"):
        stretched("ring8", 2.0)
