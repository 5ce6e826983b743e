#!/usr/bin/env bash
# Create .venv and install everything the book and its tests need. Idempotent.
#   bash scripts/setup.sh            # Python packages only
#   bash scripts/setup.sh --browser  # also Debian's Chromium, for the page-rendering tests
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -r requirements.txt
python -m pip install -q --no-deps -e .
python -m ipykernel install --sys-prefix --name python3 >/dev/null   # nbval's kernel is this venv's Python
