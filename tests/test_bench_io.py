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
    assert list(data) == ["settings", "machine", "seconds", "rows", "summary"]
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
