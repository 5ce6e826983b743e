"""Check cells pass quietly-but-visibly and fail loudly."""
import pytest
import torch

import vigen as vg


def test_close_prints_claim(capsys):
    vg.check.close(torch.tensor([1.0, 2.0]), [1.0, 2.0 + 1e-14], atol=1e-12, label="demo")
    assert capsys.readouterr().out == "demo: ok (|Δ| < 1e-12)\n"


def test_close_fails_with_numbers():
    with pytest.raises(AssertionError, match=r"demo: \|Δ\| = 0.1"):
        vg.check.close(1.1, 1.0, atol=1e-3, label="demo")


def test_within_se_passes_and_fails():
    vg.check.within_se((1.0 + 3e-3, 1e-3), 1.0, k=4, label="ok case")
    with pytest.raises(AssertionError, match="5.0 s.e."):
        vg.check.within_se((1.005, 1e-3), 1.0, k=4, label="bad case")


def test_holds():
    vg.check.holds(torch.tensor([True, True]), label="all true")
    with pytest.raises(AssertionError, match="does not hold"):
        vg.check.holds(False, label="false claim")
