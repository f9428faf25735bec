"""Fixtures: one real normserve server for the whole session, started from this checkout."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
from collections.abc import Iterator

import pytest
from repo_paths import FIXTURES, REPO_ROOT

from normserve_client import NormserveClient

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0


def _pump(stream, lines: queue.Queue[str | None], log: list) -> None:
    # Keeps draining the pipe for the server's whole life so its JSON logs can never block it.
    for line in stream:
        log.append(line)
        lines.put(line)
    lines.put(None)


@pytest.fixture(scope="session")
def server_address() -> Iterator[str]:
    """Start ``node --import tsx src/cli/normserve.ts --listen 127.0.0.1:0`` and yield its address.

    The address comes from the ``{"msg": "listening", "address": ...}`` log line. At the end the
    server gets SIGTERM and must exit with status 0.
    """
    process = subprocess.Popen(
        ["node", "--import", "tsx", "src/cli/normserve.ts", "--listen", "127.0.0.1:0"],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    stdout_log: list = []
    stderr_log: list = []
    threading.Thread(target=_pump, args=(process.stdout, lines, stdout_log), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, queue.Queue(), stderr_log), daemon=True).start()

    def output() -> str:
        return f"stdout:\n{''.join(stdout_log)}\nstderr:\n{''.join(stderr_log)}"

    address = None
    try:
        while address is None:
            try:
                line = lines.get(timeout=START_TIMEOUT_S)
            except queue.Empty:
                pytest.fail(f"normserve did not log 'listening' within {START_TIMEOUT_S} s\n{output()}")
            if line is None:
                process.wait(timeout=STOP_TIMEOUT_S)
                pytest.fail(f"normserve exited with {process.returncode} before listening\n{output()}")
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and record.get("msg") == "listening":
                address = record["address"]
        yield address
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail(f"normserve did not stop within {STOP_TIMEOUT_S} s of SIGTERM\n{output()}")
    assert process.returncode == 0, f"normserve exited with {process.returncode}\n{output()}"


@pytest.fixture(scope="session")
def client(server_address: str) -> Iterator[NormserveClient]:
    """A client connected to the session's server (30 s deadline per call)."""
    with NormserveClient(server_address, timeout=30.0) as normserve:
        yield normserve


@pytest.fixture(scope="session")
def expected() -> dict:
    """``test/fixtures/expected.json``: norms from the fixture generator's independent oracle."""
    return json.loads((FIXTURES / "expected.json").read_text())
