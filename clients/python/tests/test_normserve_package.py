"""The public ``normserve`` package: re-exports the client, and keeps PyTorch optional."""

from __future__ import annotations

import os
import subprocess
import sys

from repo_paths import REPO_ROOT

import normserve
import normserve_client


def test_normserve_reexports_the_client_api():
    assert normserve.__all__ == normserve_client.__all__
    for name in normserve_client.__all__:
        assert getattr(normserve, name) is getattr(normserve_client, name)
    assert normserve.__version__ == normserve_client.__version__


def _run_without_torch(code: str) -> subprocess.CompletedProcess:
    # sys.modules["torch"] = None makes `import torch` fail whether or not torch is installed.
    prelude = "import sys; sys.modules['torch'] = None\n"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "clients" / "python"))
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_import_normserve_works_without_torch():
    completed = _run_without_torch("import normserve; print(normserve.NormserveClient.__name__)")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "NormserveClient"


def test_normserve_torch_without_torch_is_a_clear_import_error():
    completed = _run_without_torch(
        "try:\n"
        "    import normserve.torch\n"
        "except ImportError as error:\n"
        "    print('ImportError:', error)\n"
        "    print('cause:', type(error.__cause__).__name__)\n"
    )
    assert completed.returncode == 0, completed.stderr
    assert "ImportError: normserve.torch needs PyTorch" in completed.stdout
    assert "pip install 'normserve-client[torch]'" in completed.stdout
    assert "cause: ModuleNotFoundError" in completed.stdout
