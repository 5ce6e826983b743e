"""Print the failed tests of a JUnit XML report (pytest's ``--junitxml``): each one's name, its message and
the tail of its output, so that a failed CI run says what failed and why.

    python scripts/failed_tests.py _build/test-report.xml [--lines 40]

Prints nothing when no test failed or errored (the test runner's own closing line stays the last one); exits 0
either way, so that the caller's exit status is the test run's.
"""
import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def failures(report: Path) -> list[dict]:
    """One entry per test case with a ``<failure>`` or ``<error>``: its name, kind, message and text (the
    traceback, then whatever the test printed)."""
    found = []
    for case in ET.parse(report).getroot().iter("testcase"):
        for kind in ("failure", "error"):
            for node in case.findall(kind):
                printed = "\n".join(f"--- {part.tag} ---\n{part.text}" for part in case
                                    if part.tag in ("system-out", "system-err") and (part.text or "").strip())
                found.append({"name": f"{case.get('classname', '')}::{case.get('name', '')}", "kind": kind,
                              "message": node.get("message", ""), "text": (node.text or "") + "\n" + printed})
    return found


def tail(text: str, lines: int) -> str:
    kept = text.rstrip().splitlines()
    return "\n".join((["    [...]"] if len(kept) > lines else []) + ["    " + line for line in kept[-lines:]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="the JUnit XML file")
    parser.add_argument("--lines", type=int, default=40, help="lines of each failure's output to print (default 40)")
    args = parser.parse_args(argv)
    if not args.report.exists():
        print(f"no test report at {args.report}: the tests did not get to the end (see the log above)")
        return 0
    found = failures(args.report)
    if not found:
        return 0
    print(f"\n===== {len(found)} failed (report: {args.report}) =====")
    for item in found:
        print(f"  {item['kind'].upper()} {item['name']}")
    for item in found:
        print(f"\n===== {item['kind']}: {item['name']}\n{item['message'][:500]}\n{tail(item['text'], args.lines)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
