#!/usr/bin/env bash
# Python client tests against a real server (started by clients/python/tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
PYTHONPATH=clients/python exec .venv/bin/python -m pytest -q clients/python/tests "$@"
