"""GetInfo against the session's real server: version and the engine backend it picked at start-up."""

from __future__ import annotations

import json

from repo_paths import REPO_ROOT

from normserve_client import EngineBackend, GetInfoResponse, NormserveClient


def _native_tf_installed() -> bool:
    # The install step's verdict (scripts/install-native-tf.sh); the server reads the same file.
    try:
        return bool(json.loads((REPO_ROOT / "node_modules" / ".normserve-native-tf.json").read_text()).get("ok"))
    except (OSError, ValueError):
        return False


def test_get_info_reports_version_and_engine(server_address: str) -> None:
    with NormserveClient(server_address, timeout=30) as client:
        info = client.get_info()
    assert isinstance(info, GetInfoResponse)
    assert info.server_version == json.loads((REPO_ROOT / "package.json").read_text())["version"]
    if _native_tf_installed():
        assert info.backend == EngineBackend.ENGINE_BACKEND_TENSORFLOW
        assert info.tf_version.startswith("2.")
        assert info.fallback_reason == ""
    else:
        assert info.backend == EngineBackend.ENGINE_BACKEND_WASM
        assert info.fallback_reason.startswith("tensorflow: ")
    assert info.backend in info.available_backends
    assert info.device == "cpu" or info.device.startswith("gpu:")
    assert info.tfjs_version
