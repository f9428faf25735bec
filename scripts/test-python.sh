#!/usr/bin/env bash
# Python client tests against a real server (started by clients/python/tests/conftest.py): the client
# suite in .venv, then the PyTorch sidecar tests (clients/python/tests/torch_hook) in .venv/torch-env,
# which scripts/python-env.sh creates when a system Python has torch. Without torch those are skipped
# with a notice, unless NORMSERVE_REQUIRE_TORCH=1 (CI), which makes a missing torch an error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
PYTHONPATH=clients/python .venv/bin/python -m pytest -q clients/python/tests \
  --ignore=clients/python/tests/torch_hook "$@"
if [ -x .venv/torch-env/bin/python ]; then
  PYTHONPATH=clients/python exec .venv/torch-env/bin/python -m pytest -q clients/python/tests/torch_hook "$@"
elif [ "${NORMSERVE_REQUIRE_TORCH:-0}" = 1 ]; then
  echo "test-python: NORMSERVE_REQUIRE_TORCH=1 but no Python with torch was found" \
    "(Debian: apt-get install python3-torch python3-venv)" >&2
  exit 1
else
  echo "test-python: no Python with torch found; the normserve.torch tests were skipped" \
    "(Debian: apt-get install python3-torch python3-venv)" >&2
fi
