"""PacGAN's reverse KL in the stored results is what the stored samples give today (``vigen.bench.rescore``)."""
import json

import pytest

from vigen.bench.rescore import RESCORABLE, rescore, rescored_row
from vigen.report import results_path


@pytest.mark.parametrize("bench", RESCORABLE)
def test_stored_rows_are_what_their_samples_score(bench):
    rows = json.loads(results_path(bench).read_text())["rows"]
    assert rows and all("rev_kl_hq" in r for r in rows), "run: python -m vigen.bench.rescore " + bench
    for row in rows:
        assert rescored_row(bench, row) == row      # raises on a stored field its samples contradict


def test_a_stored_number_edited_by_hand_is_caught():
    row = dict(json.loads(results_path("gan").read_text())["rows"][0])
    row["rev_kl_hq"] = (row["rev_kl_hq"] or 0) + 0.5
    with pytest.raises(ValueError, match="rev_kl_hq"):
        rescored_row("gan", row)


def test_only_benchmarks_with_every_sample_stored_can_be_rescored():
    with pytest.raises(ValueError, match="bench must be one of"):
        rescore("gan_dsteps")
