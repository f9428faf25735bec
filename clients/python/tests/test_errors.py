"""Errors: client-side checks that fail before sending, and server statuses as NormserveError."""

from __future__ import annotations

import socket

import grpc
import numpy as np
import pytest
from repo_paths import FIXTURES

from normserve_client import (
    ComputeNormsRequest,
    Layer,
    NormserveClient,
    NormserveError,
    batch_norm_layer,
    conv_layer,
    conv_transpose_layer,
    linear_layer,
)
from normserve_client._health import decode_health_response, encode_health_request

COMPUTE_NORMS = "/normserve.v1.NormService/ComputeNorms"


# -- client-side checks (no server involved) --------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_throws_value_error_when_linear_weight_is_not_finite(bad):
    weight = np.array([[1.0, 2.0], [3.0, bad]])
    with pytest.raises(ValueError, match=r"linear_layer 'fc1': weight must be finite.*index \[1, 1\]"):
        linear_layer("fc1", weight)


def test_throws_value_error_when_conv_weight_has_nan_float16():
    weight = np.ones((2, 1, 3, 3), dtype=np.float16)
    weight[1, 0, 2, 1] = np.nan
    with pytest.raises(ValueError, match=r"conv_layer 'c1': weight must be finite"):
        conv_layer("c1", weight, (1, 5, 5))


def test_throws_value_error_when_batch_norm_variance_is_nan():
    with pytest.raises(ValueError, match=r"batch_norm_layer 'bn': variance must be finite"):
        batch_norm_layer("bn", np.ones(3), np.array([1.0, np.nan, 1.0]))


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, np.bool_, np.complex128, np.longdouble])
def test_throws_type_error_when_weight_dtype_is_not_float16_32_64(dtype):
    if np.dtype(dtype).itemsize == 8 and np.dtype(dtype).kind == "f":
        pytest.skip("longdouble is float64 on this platform")
    with pytest.raises(
        TypeError, match=r"linear_layer 'fc': weight must be a float16, float32 or float64 array"
    ):
        linear_layer("fc", np.zeros((2, 2), dtype=dtype))


def test_throws_type_error_naming_variance_when_it_is_int():
    with pytest.raises(TypeError, match=r"batch_norm_layer 'bn': variance must be a float"):
        batch_norm_layer("bn", np.ones(2), np.array([1, 2]))


def test_throws_type_error_when_conv_transpose_weight_is_int():
    with pytest.raises(TypeError, match=r"conv_transpose_layer 'up': weight"):
        conv_transpose_layer("up", np.ones((2, 2, 3, 3), dtype=np.int16), (2, 4, 4))


@pytest.mark.parametrize(
    "build,message",
    [
        (lambda: linear_layer("fc", np.ones((2, 2, 2))), r"weight must have 2 dims"),
        (lambda: linear_layer("fc", np.ones((0, 2))), r"empty dimension"),
        (lambda: conv_layer("c", np.ones((2, 3)), (3, 4)), r"weight must have at least 3 dims"),
        (lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5)), r"input_shape must have 3 entries"),
        (lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (4, 5, 5)), r"4 channels.*expects 3"),
        (
            lambda: conv_layer("c", np.ones((3, 2, 3, 3)), (4, 5, 5), group=2),
            r"group 2 does not divide the 3",
        ),
        (
            lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5, 5), strides=[2]),
            r"strides must have 2 entries",
        ),
        (
            lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5, 5), strides=[0, 1]),
            r"strides entries must be >= 1",
        ),
        (lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5, 5), pads=[1, 1]), r"pads must have 4 entries"),
        (
            lambda: conv_layer(
                "c", np.ones((2, 3, 3, 3)), (3, 5, 5), pads=[1, 1, 1, 1], auto_pad="SAME_UPPER"
            ),
            r"exclusive",
        ),
        (
            lambda: conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5, 5), auto_pad="SAME"),
            r"auto_pad must be one of",
        ),
        (
            lambda: conv_transpose_layer("u", np.ones((2, 1, 3, 3)), (2, 4, 4), output_padding=[1]),
            r"output_padding must have 2 entries",
        ),
        (lambda: batch_norm_layer("bn", np.ones(3), np.ones(2)), r"does not match scale"),
        (
            lambda: batch_norm_layer("bn", np.ones(2), np.zeros(2), epsilon=0.0),
            r"variance \+ epsilon must be > 0",
        ),
        (
            lambda: batch_norm_layer("bn", np.ones(2), np.ones(2), epsilon=-1e-3),
            r"epsilon must be finite and >= 0",
        ),
    ],
    ids=[
        "linear-3d",
        "linear-empty",
        "conv-2d-weight",
        "conv-input-rank",
        "conv-channels",
        "conv-group",
        "conv-strides-len",
        "conv-stride-0",
        "conv-pads-len",
        "conv-pads-and-auto-pad",
        "conv-auto-pad-name",
        "convT-output-padding-len",
        "bn-shapes",
        "bn-zero-variance",
        "bn-negative-eps",
    ],
)
def test_throws_value_error_when_shapes_or_attributes_are_inconsistent(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_throws_type_error_when_an_attribute_is_not_an_integer():
    with pytest.raises(TypeError, match=r"strides must contain integers"):
        conv_layer("c", np.ones((2, 3, 3, 3)), (3, 5, 5), strides=[1.5, 1])


def test_client_rejects_bad_arguments_before_sending():
    # Port 9 (discard) is never a gRPC server; these fail before any connection is attempted.
    with NormserveClient("127.0.0.1:9", timeout=1.0) as client:
        fc = linear_layer("fc", np.eye(2))
        with pytest.raises(ValueError, match="input_shape applies only to ONNX"):
            client.compute_norms([fc], input_shape=(1, 2))
        with pytest.raises(ValueError, match="unknown norm 'l3'"):
            client.compute_norms([fc], norms=("l1", "l3"))
        with pytest.raises(ValueError, match="at least one layer"):
            client.compute_norms([])
        with pytest.raises(ValueError, match="empty"):
            client.compute_norms(b"")
        with pytest.raises(TypeError, match=r"model\[1\] must be a Layer"):
            client.compute_norms([fc, np.eye(2)])
        with pytest.raises(TypeError, match="model must be a path"):
            client.compute_norms(42)


# -- server statuses ----------------------------------------------------------------------------


def test_truncated_onnx_is_invalid_argument(client):
    data = (FIXTURES / "resnet_fused.onnx").read_bytes()
    with pytest.raises(NormserveError) as info:
        client.compute_norms(data[: len(data) // 2])
    error = info.value
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.method == COMPUTE_NORMS
    assert error.details
    assert str(error).startswith(f"{COMPUTE_NORMS} INVALID_ARGUMENT: ")
    # Raised `from None`: no grpc.RpcError chained in the traceback.
    assert error.__cause__ is None and error.__suppress_context__


def test_truncated_onnx_file_path_is_invalid_argument(client, tmp_path):
    path = tmp_path / "truncated.onnx"
    path.write_bytes((FIXTURES / "bn_kept.onnx").read_bytes()[:-100])
    with pytest.raises(NormserveError) as info:
        client.compute_norms(path)
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_raw_layer_without_weight_is_invalid_argument(client):
    # Hand-built message the builders would refuse: the server's own check answers.
    with pytest.raises(NormserveError) as info:
        client.compute_norms([Layer(name="bare")])
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "layers[0]" in info.value.details


def test_model_id_is_unimplemented_through_the_raw_stub(client):
    with pytest.raises(grpc.RpcError) as info:
        client.stub.ComputeNorms(ComputeNormsRequest(model_id="resnet"), timeout=30)
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "model_id" in info.value.details()


def test_health_is_serving(client):
    assert client.health() == "SERVING"
    assert client.health("normserve.v1.NormService") == "SERVING"


def test_health_of_unknown_service_is_not_found(client):
    with pytest.raises(NormserveError) as info:
        client.health("no.such.Service")
    assert info.value.code == grpc.StatusCode.NOT_FOUND
    assert info.value.method == "/grpc.health.v1.Health/Check"


def test_no_server_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with NormserveClient(f"127.0.0.1:{port}", timeout=5.0) as client:
        with pytest.raises(NormserveError) as info:
            client.health()
        assert info.value.code == grpc.StatusCode.UNAVAILABLE
        with pytest.raises(NormserveError) as info:
            client.compute_norms([linear_layer("fc", np.eye(2))])
        assert info.value.code == grpc.StatusCode.UNAVAILABLE
        assert info.value.method == COMPUTE_NORMS


# -- hand-decoded health messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data,status",
    [
        (b"\x08\x01", "SERVING"),
        (b"", "UNKNOWN"),
        (b"\x08\x02", "NOT_SERVING"),
        (b"\x08\x03", "SERVICE_UNKNOWN"),
        (b"\x12\x02hi\x08\x01", "SERVING"),
        (b"\x08\x07", "UNKNOWN(7)"),
    ],
)
def test_decode_health_response(data, status):
    assert decode_health_response(data) == status


@pytest.mark.parametrize("data", [b"\x08", b"\x08\x81", b"\x12\x05ab", b"\x0b"])
def test_decode_health_response_throws_when_malformed(data):
    with pytest.raises(ValueError):
        decode_health_response(data)


def test_encode_health_request():
    assert encode_health_request("") == b""
    assert encode_health_request("a.B") == b"\x0a\x03a.B"
