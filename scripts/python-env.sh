#!/usr/bin/env bash
# Creates .venv with the pinned Python tools used by `npm run gen` and the Python client's tests.
# When a system Python has PyTorch (Debian: python3-torch), also creates .venv/torch-env for the tests of
# the PyTorch sidecar hook (normserve.torch); without one, those tests are skipped (see test-python.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q -r clients/python/requirements.txt

# .venv/torch-env sees the system site-packages (torch and the numpy it was built against) and adds the
# pinned grpcio, protobuf and pytest. numpy is deliberately not pinned there: the pinned numpy 2.x would
# shadow the system numpy 1.x that Debian's torch is compiled against and break torch <-> numpy.
# NORMSERVE_TORCH_PYTHON picks another interpreter that has torch.
torch_python="${NORMSERVE_TORCH_PYTHON:-/usr/bin/python3}"
if [ -x "$torch_python" ] && "$torch_python" -c 'import torch' >/dev/null 2>&1; then
  if [ ! -x .venv/torch-env/bin/python ]; then
    if ! "$torch_python" -c 'import ensurepip' >/dev/null 2>&1; then
      echo "python-env: $torch_python has torch but cannot create venvs (Debian: apt-get install python3-venv)" >&2
      exit 1
    fi
    "$torch_python" -m venv --system-site-packages .venv/torch-env
  fi
  # shellcheck disable=SC2046  # one argument per pinned requirement
  .venv/torch-env/bin/pip install -q $(grep -E '^(grpcio|protobuf|pytest)==' clients/python/requirements.txt)
fi
