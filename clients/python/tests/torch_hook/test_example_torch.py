"""The PyTorch example trains with the hook against the real server."""

from __future__ import annotations

import os
import subprocess
import sys

from repo_paths import EXAMPLES, REPO_ROOT


def test_torch_example_trains_a_few_steps(server_address):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "clients" / "python"))
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / "torch_norm_decay.py"), "--address", server_address, "--steps", "12"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["0", "10", "11"]
    for line in lines:
        assert "loss" in line and "0=" in line and "1=" in line and "3=" in line and "7=" in line
