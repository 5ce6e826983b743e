#!/usr/bin/env bash
# Set up (if needed) and run every test: unit tests and doctests, the book build with its
# headless-Chromium page checks, and nbval (strict) over every notebook. Extra arguments go to pytest.
#   bash scripts/test.sh          # everything
#   bash scripts/test.sh --fast   # the inner loop: unit tests, doctests and the linter, without the book
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fast" ]; then
    shift
    bash scripts/setup.sh
    # shellcheck disable=SC1091
    . .venv/bin/activate
    exec python -m pytest src/vigen tests --doctest-modules -m "not slow" "$@"
fi
bash scripts/setup.sh --browser
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pytest src/vigen tests book --doctest-modules --nbval "$@"
