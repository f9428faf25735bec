#!/usr/bin/env bash
# Creates .venv with the pinned Python tools used by `npm run gen` and the Python client's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q -r clients/python/requirements.txt
