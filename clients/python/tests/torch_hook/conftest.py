"""The PyTorch sidecar tests; collected only where torch imports (scripts/test-python.sh runs them in
.venv/torch-env). The real-server fixtures come from ``tests/conftest.py``."""

import importlib.util

if importlib.util.find_spec("torch") is None:
    collect_ignore_glob = ["test_*.py"]
