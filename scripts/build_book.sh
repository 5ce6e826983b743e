#!/usr/bin/env bash
# Set up (if needed) and build the book into _build/html from the outputs stored in the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. .venv/bin/activate
# -W -n --keep-going: a warning, even a failing notebook, fails the build.
jupyter-book build . -W -n --keep-going
echo "Open _build/html/index.html"
