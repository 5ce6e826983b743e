"""The benchmarks' cheap configurations (:mod:`vigen.bench.reproduce`): each one is declared and stored, a re-run
matches its stored result within the benchmark's stated tolerance, and a stored number edited by hand is caught."""
import importlib
import json
import shlex

import pytest

from vigen.bench import reproduce
from vigen.bench.__main__ import BENCHMARKS
from vigen.report import reproduction_path, samples_path


def _module(name: str):
    return importlib.import_module(f"vigen.bench.{name}")


def _problems(name: str, stored_path, fresh_path) -> list:
    """What the reproduction test reports for benchmark ``name``: :func:`vigen.bench.reproduce.compare_rows`
    of the rows of two results files, with the benchmark's tolerance."""
    return reproduce.compare_rows(reproduce.load_rows(stored_path), reproduce.load_rows(fresh_path),
                                  _module(name).REPRODUCE_TOLERANCE)


def _message(name: str, problems: list) -> str:
    return (f"bench {name}: the stored {reproduction_path(name).name} (results/reproduce) does not match the code:\n  "
            + "\n  ".join(problems) + f"\nre-run `python -m vigen.bench {name}`")


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_declares_and_stores_its_cheap_configuration(name):
    module = _module(name)
    assert isinstance(module.QUICK, tuple) and all(isinstance(a, str) for a in module.QUICK)
    assert "--out" not in module.QUICK
    tolerance = module.REPRODUCE_TOLERANCE
    assert tolerance and all(isinstance(t, (int, float)) and t >= 0 for t in tolerance.values())
    path = reproduction_path(name)
    assert path.exists(), f"no {path}: run `python -m vigen.bench {name}`"
    stored = json.loads(path.read_text())
    command = "python -m vigen.bench " + shlex.join([name, *module.QUICK])
    assert stored["provenance"]["command"] == command, (
        f"{path.name} was stored by {stored['provenance']['command']!r}, not by today's QUICK: "
        f"re-run `python -m vigen.bench {name}`")
    for key in tolerance:                       # every compared field is there to compare
        table, _, field = key.rpartition(".")
        assert any(field in r for r in stored["rows"] if not table or r.get("table") == table), (name, key)


@pytest.mark.slow
@pytest.mark.parametrize("name", BENCHMARKS)
def test_the_cheap_configuration_reproduces_its_stored_result(name, tmp_path):
    samples = sorted(samples_path("x", "m", "d", 0).parent.glob("*.npy"))
    before = {p: p.stat().st_mtime_ns for p in samples}
    fresh = reproduce.run_quick(name, tmp_path / f"{name}.json")
    problems = _problems(name, reproduction_path(name), fresh)
    assert not problems, _message(name, problems)
    assert {p: p.stat().st_mtime_ns for p in samples} == before, "a cheap run replaced the book's samples"


def _tampered(name: str, tmp_path, edit) -> object:
    """A copy of the stored reproduce file of ``name`` with ``edit(rows)`` applied."""
    stored = json.loads(reproduction_path(name).read_text())
    edit(stored["rows"])
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(stored, indent=2) + "\n")
    return path


def test_a_stored_result_edited_by_hand_fails_the_comparison(tmp_path):
    # The stored file itself stands for the fresh run (which reproduces it, as the slow test shows); the
    # tampered copy stands for a stored file whose number was typed in instead of re-run.
    name, stored = "gan", reproduction_path("gan")
    assert _problems(name, stored, stored) == []

    def nudge(rows, by):
        rows[1]["hq"] = round(rows[1]["hq"] + by, 4)

    within = _tampered(name, tmp_path, lambda rows: nudge(rows, 0.5 * _module(name).REPRODUCE_TOLERANCE["hq"]))
    assert _problems(name, within, stored) == []          # inside the stated tolerance: accepted
    beyond = _tampered(name, tmp_path, lambda rows: nudge(rows, 2 * _module(name).REPRODUCE_TOLERANCE["hq"]))
    (problem,) = _problems(name, beyond, stored)
    row = json.loads(stored.read_text())["rows"][1]
    assert problem.startswith(f"model={row['model']} dataset=ring8 seed=0: hq is ")
    assert "re-run `python -m vigen.bench gan`" in _message(name, [problem])


def test_exact_fields_and_missing_rows_are_caught(tmp_path):
    name, stored = "em", reproduction_path("em")

    def edit(rows):
        digits = [r for r in rows if r.get("table") == "digits"]
        digits[0]["alpha"] = 2.0                              # an exact field
        digits[1]["scores"][0] += 1e-3                        # one seed of a list, beyond 1e-4
        next(r for r in rows if r["table"] == "timing")["value"] *= 3   # a timing: never compared

    problems = _problems(name, _tampered(name, tmp_path, edit), stored)
    assert len(problems) == 2, problems
    assert "table=digits model=independent Bernoulli K=1: alpha" in problems[0] and "scores" in problems[1]

    def drop(rows):
        rows.pop()

    assert _problems(name, _tampered(name, tmp_path, drop), stored) == [
        "table=digits model=Bernoulli mixture (EM) K=10: produced now, not stored"]
