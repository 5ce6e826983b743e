"""``scripts/failed_tests.py``: what CI prints at the end of a run that failed (and nothing after one that passed)."""
import runpy

from bookinfo import ROOT

failed_tests = runpy.run_path(str(ROOT / "scripts" / "failed_tests.py"), run_name="failed_tests")

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="3" failures="1" errors="1">
  <testcase classname="tests.test_a" name="test_passes" time="0.1"/>
  <testcase classname="tests.test_a" name="test_fails[x]" time="0.2">
    <failure message="AssertionError: 3 rendered of 4 math elements">{lines}</failure>
    <system-err>pageprobe: first try failed, retrying once</system-err>
  </testcase>
  <testcase classname="book.02_vae.ipynb" name="Cell 7" time="0.3">
    <error message="failed on setup">kernel died</error>
  </testcase>
</testsuite></testsuites>
"""


def test_names_each_failed_test_with_its_message_and_the_tail_of_its_output(tmp_path, capsys):
    report = tmp_path / "report.xml"
    report.write_text(REPORT.format(lines="\n".join(f"line {i}" for i in range(100))))
    assert failed_tests["main"]([str(report), "--lines", "5"]) == 0
    out = capsys.readouterr().out
    assert "2 failed" in out
    assert "FAILURE tests.test_a::test_fails[x]" in out and "ERROR book.02_vae.ipynb::Cell 7" in out
    assert "3 rendered of 4 math elements" in out and "retrying once" in out and "kernel died" in out
    assert "line 98" in out and "line 50" not in out                   # a tail, not the whole text
    assert "test_passes" not in out


def test_prints_nothing_when_every_test_passed(tmp_path, capsys):
    report = tmp_path / "report.xml"
    report.write_text('<testsuites><testsuite><testcase classname="t" name="ok"/></testsuite></testsuites>')
    assert failed_tests["main"]([str(report)]) == 0
    assert capsys.readouterr().out == ""


def test_a_missing_report_says_so(tmp_path, capsys):
    assert failed_tests["main"]([str(tmp_path / "none.xml")]) == 0
    assert "no test report" in capsys.readouterr().out
