"""The example script runs against the real server and prints one table row per layer."""

from __future__ import annotations

import os
import subprocess
import sys

from repo_paths import EXAMPLES, FIXTURES, REPO_ROOT


def test_example_prints_a_row_per_layer(server_address, expected):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "clients" / "python"))
    completed = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "compute_norms.py"),
            str(FIXTURES / "bn_kept.onnx"),
            "--address",
            server_address,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].split()[:4] == ["layer", "op", "input", "output"]
    for layer in expected["fixtures"]["bn_kept.onnx"]["layers"]:
        row = next(line for line in lines if line.startswith(layer["node_name"] + " "))
        assert f"{layer['l1']:.6g}" in row.split()
    assert any(line.startswith("L1") and "product" in line for line in lines)


def test_example_reports_server_errors_on_stderr(server_address, tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"\x08\x07\x12")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "clients" / "python"))
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / "compute_norms.py"), str(bad), "--address", server_address],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "INVALID_ARGUMENT" in completed.stderr
