"""ONNX fixtures (path and bytes) against test/fixtures/expected.json, an independent float64 oracle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from repo_paths import FIXTURES

from normserve_client import LayerKind, NormType

REL = 1e-9
FIXTURE_NAMES = sorted(json.loads((FIXTURES / "expected.json").read_text())["fixtures"])
KINDS = {
    "conv": LayerKind.LAYER_KIND_CONV,
    "conv_transpose": LayerKind.LAYER_KIND_CONV_TRANSPOSE,
    "linear": LayerKind.LAYER_KIND_LINEAR,
    "batch_norm": LayerKind.LAYER_KIND_BATCH_NORM,
}


def assert_matches_expected(result, fixture: dict) -> None:
    got = [layer.node_name for layer in result.layers]
    assert got == [layer["node_name"] for layer in fixture["layers"]]
    for layer, want in zip(result.layers, fixture["layers"]):
        where = want["node_name"]
        assert layer.op_type == want["op_type"], where
        assert layer.weight_name == want["weight_name"], where
        assert layer.kind == KINDS[want["kind"]], where
        assert list(layer.input_shape) == want["input_shape"], where
        assert list(layer.output_shape) == want["output_shape"], where
        assert layer.l1 == pytest.approx(want["l1"], rel=REL), where
        assert layer.linf == pytest.approx(want["linf"], rel=REL), where
        for field in ("l1_maximiser", "linf_maximiser"):
            maximiser = getattr(layer, field)
            assert maximiser.channel == want[field]["channel"], (where, field)
            assert list(maximiser.position) == want[field]["position"], (where, field)
    network = {entry.norm: entry.product for entry in result.network}
    assert network[NormType.NORM_TYPE_L1] == pytest.approx(fixture["network"]["l1_product"], rel=REL)
    assert network[NormType.NORM_TYPE_LINF] == pytest.approx(fixture["network"]["linf_product"], rel=REL)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_onnx_path_matches_expected(client, expected, name):
    result = client.compute_norms(FIXTURES / name)
    assert_matches_expected(result, expected["fixtures"][name])


@pytest.mark.parametrize(
    "wrap", [bytes, bytearray, memoryview, str], ids=["bytes", "bytearray", "memoryview", "str-path"]
)
def test_onnx_bytes_and_str_path_match_expected(client, expected, wrap):
    path = FIXTURES / "odd_convs_padfused.onnx"
    model = str(path) if wrap is str else wrap(path.read_bytes())
    assert_matches_expected(client.compute_norms(model), expected["fixtures"][path.name])


def test_onnx_input_shape_override_batch_4_keeps_norms(client, expected):
    name = "resnet_fused.onnx"
    result = client.compute_norms(Path(FIXTURES / name), input_shape=(4, 3, 32, 32))
    assert_matches_expected(result, expected["fixtures"][name])
