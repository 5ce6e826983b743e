"""The page probe's failure paths, with stand-ins for Chromium: a browser that dies at once or hangs is started
once more, the first error is printed, and a second failure raises with both messages."""
import pytest

import pageprobe


def _fake_chromium(tmp_path, monkeypatch, body: str):
    script = tmp_path / "chromium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    starts = tmp_path / "starts"
    monkeypatch.setattr(pageprobe, "chromium", lambda: str(script))
    monkeypatch.setenv("FAKE_STARTS", str(starts))
    return starts


def test_a_browser_that_dies_is_retried_once_and_both_errors_are_reported(tmp_path, monkeypatch, capsys):
    starts = _fake_chromium(tmp_path, monkeypatch,
                            'echo start >> "$FAKE_STARTS"; echo "cannot open display" >&2; exit 3')
    with pytest.raises(pageprobe.BrowserError, match="failed twice") as failed:
        pageprobe.probe("index", 1280, pageprobe.DOM)
    assert starts.read_text().count("start") == 2
    assert str(failed.value).count("cannot open display") == 2         # both messages, with what Chromium said
    assert "first try failed, retrying once" in capsys.readouterr().err


def test_a_browser_that_hangs_is_stopped_and_retried(tmp_path, monkeypatch, capsys):
    starts = _fake_chromium(tmp_path, monkeypatch, 'echo start >> "$FAKE_STARTS"; exec sleep 60')
    monkeypatch.setattr(pageprobe, "HANG", 0.5)
    with pytest.raises(pageprobe.BrowserError, match="hung"):
        pageprobe.probe("index", 390, pageprobe.DOM)
    assert starts.read_text().count("start") == 2
    assert "retrying once" in capsys.readouterr().err


def test_no_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(pageprobe, "chromium", lambda: None)
    with pytest.raises(pageprobe.BrowserError, match="Chromium not found"):
        pageprobe.Browser()
