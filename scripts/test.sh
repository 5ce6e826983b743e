#!/usr/bin/env bash
# Set up (if needed) and run every test: unit tests and doctests, the book build with its
# headless-Chromium page checks, and nbval (strict) over every notebook. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pytest src/vigen tests book --doctest-modules --nbval "$@"
