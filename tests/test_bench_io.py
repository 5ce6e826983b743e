"""Benchmark result files: the schema that the chapters read."""
import json
import math

from vigen import report
from vigen.bench import io
from vigen.bench.__main__ import main as bench_main


def test_write_results_schema(tmp_path):
    rows = [{"model": "m", "dataset": "ring8", "modes": 1}]
    path = io.write_results(tmp_path / "x.json", settings={"n": 1}, rows=rows, seconds=1.234,
                            summary=report.summarize_results("x", rows))
    data = json.loads(path.read_text())
    assert list(data) == ["settings", "machine", "seconds", "rows", "summary", "provenance"]
    (entry,) = data["summary"]
    assert entry["n"] == 1 and entry["modes"]["mean"] == 1.0 and math.isnan(entry["modes"]["se"])  # one seed: no s.e.
    assert data["seconds"] == 1.23 and data["machine"]["cpu_count"] >= 1


def test_results_path_is_inside_the_package():
    assert report.results_path("em").parent.name == "results"
    assert report.results_path("em").parent.parent.name == "vigen"


def test_unknown_benchmark_prints_usage(capsys):
    assert bench_main(["no-such-benchmark"]) == 2
    assert "usage: python -m vigen.bench" in capsys.readouterr().out


def test_timer_measures_wall_time():
    import time
    with io.Timer() as t:
        time.sleep(0.05)
    assert 0.045 < t.seconds < 1.0


def test_provenance_names_the_code_and_the_command():
    p = io.provenance(["gan", "--jobs", "2"])
    assert p["command"] == "python -m vigen.bench gan --jobs 2" and p["vigen"]
    assert p["date"].startswith("20") and p["date"].endswith("+00:00")
    if p["commit"] is not None:                      # run from a checkout (as in CI)
        assert len(p["commit"]) == 40 and isinstance(p["clean"], bool)


def test_command_sets_the_recorded_command_inside_its_block():
    with io.command(["gan", "--sweep"]):
        assert io.provenance()["command"] == "python -m vigen.bench gan --sweep"
    assert io.provenance(["em"])["command"] == "python -m vigen.bench em"


def test_a_full_run_also_stores_its_cheap_configuration(monkeypatch):
    import sys
    import types

    from vigen.bench import __main__ as cli

    calls = []
    fake = types.SimpleNamespace(QUICK=("--seeds", "1"), main=lambda argv: calls.append((argv, io.provenance())))
    monkeypatch.setitem(sys.modules, "vigen.bench.fake", fake)
    assert cli.run("fake", ["--jobs", "2"]) == 0
    (full, _), (quick, prov) = calls
    assert full == ["--jobs", "2"]
    assert quick == ["--seeds", "1", "--out", str(report.reproduction_path("fake"))]
    assert prov["command"] == "python -m vigen.bench fake --seeds 1"
    calls.clear()
    assert cli.run("fake", ["--out", "elsewhere.json"]) == 0 and len(calls) == 1   # not a stored run: no quick


def test_summary_report_covers_every_experiment_page_and_every_target():
    text = report.summary_report()
    for page in report.EXPERIMENTS:
        assert f"## {page}: " in text
    assert text.count(": met") + text.count("NOT met") >= len(report.MODE_TARGETS) + len(report.EM_TARGETS)


def test_merge_with_stored_keeps_the_rows_a_new_round_does_not_replace():
    from vigen.bench.io import merge_with_stored

    stored = {"rows": [{"model": "a", "v": 1}, {"model": "b", "v": 2}], "settings": {"round": 1}, "seconds": 10.0}
    rows, earlier, seconds = merge_with_stored(stored, [{"model": "b", "v": 3}], key=lambda r: r["model"])
    assert rows == [{"model": "a", "v": 1}, {"model": "b", "v": 3}]
    assert earlier == {"earlier_run": {"round": 1}} and seconds == 10.0
    assert merge_with_stored(stored, [{"model": "a"}, {"model": "b"}], key=lambda r: r["model"])[1:] == ({}, 0.0)
