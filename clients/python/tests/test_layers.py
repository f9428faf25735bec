"""Raw-tensor layers against hand-computed norms and a brute-force numpy oracle, on a real server."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest
from numpy_conv_oracle import conv, conv_transpose, matrix_norms, resolve_conv_pads

from normserve_client import (
    LayerKind,
    NormType,
    batch_norm_layer,
    conv_layer,
    conv_transpose_layer,
    linear_layer,
)

REL = 1e-12


def assert_maximiser(maximiser, expected):
    assert (maximiser.channel, tuple(maximiser.position)) == expected


def test_linear_2x2_hand_computed(client):
    # |.| column sums 4, 6 -> L1 = 6 at column 1; row sums 3, 7 -> L-inf = 7 at row 1.
    weight = np.array([[1.0, -2.0], [3.0, 4.0]])
    result = client.compute_norms([linear_layer("fc", weight)])
    (layer,) = result.layers
    assert layer.node_name == "fc"
    assert layer.op_type == "Gemm"
    assert layer.kind == LayerKind.LAYER_KIND_LINEAR
    assert list(layer.input_shape) == [2] and list(layer.output_shape) == [2]
    assert layer.l1 == 6.0 and layer.linf == 7.0
    assert_maximiser(layer.l1_maximiser, (1, ()))
    assert_maximiser(layer.linf_maximiser, (1, ()))


@pytest.mark.parametrize("dtype", ["<f2", "<f4", ">f4", "<f8", ">f8"])
def test_linear_3x4_dtype_and_byte_order(client, dtype):
    weight = np.array([[0.5, -1.0, 2.0, 0.0], [-3.0, 0.25, 1.0, 1.0], [1.0, 1.0, -1.0, -4.5]], dtype=dtype)
    # Non-contiguous view: the client must copy to C order.
    (layer,) = client.compute_norms([linear_layer("fc", np.asfortranarray(weight))]).layers
    a = np.abs(weight.astype(np.float64))
    assert layer.l1 == pytest.approx(a.sum(axis=0).max(), rel=REL)
    assert layer.linf == pytest.approx(a.sum(axis=1).max(), rel=REL)
    # Column abs sums 4.5, 2.25, 4, 5.5; row abs sums 3.5, 5.25, 7.5.
    assert layer.l1 == 5.5 and layer.linf == 7.5
    assert layer.l1_maximiser.channel == 3 and layer.linf_maximiser.channel == 2


def test_linear_chain_network_product_and_norm_selection(client):
    rng = np.random.default_rng(7)
    w1, w2 = rng.standard_normal((5, 4)), rng.standard_normal((3, 5))
    both = client.compute_norms([linear_layer("fc1", w1), linear_layer("fc2", w2)])
    assert [layer.node_name for layer in both.layers] == ["fc1", "fc2"]
    network = {entry.norm: entry for entry in both.network}
    assert set(network) == {NormType.NORM_TYPE_L1, NormType.NORM_TYPE_LINF}
    l1 = np.abs(w1).sum(axis=0).max() * np.abs(w2).sum(axis=0).max()
    linf = np.abs(w1).sum(axis=1).max() * np.abs(w2).sum(axis=1).max()
    assert network[NormType.NORM_TYPE_L1].product == pytest.approx(l1, rel=REL)
    assert network[NormType.NORM_TYPE_LINF].product == pytest.approx(linf, rel=REL)
    assert network[NormType.NORM_TYPE_L1].is_chain

    only_linf = client.compute_norms([linear_layer("fc1", w1)], norms=("linf",))
    assert not only_linf.layers[0].HasField("l1")
    assert only_linf.layers[0].linf == pytest.approx(np.abs(w1).sum(axis=1).max(), rel=REL)
    assert [entry.norm for entry in only_linf.network] == [NormType.NORM_TYPE_LINF]


def test_batch_norm_eps_0_hand_computed(client):
    # |gamma| / sqrt(var + eps) = 2, 1.5, 1 -> both norms 2 at channel 0.
    layer = batch_norm_layer("bn", np.array([2.0, -3.0, 0.5]), np.array([1.0, 4.0, 0.25]), epsilon=0.0)
    (result,) = client.compute_norms([layer]).layers
    assert result.op_type == "BatchNormalization"
    assert result.kind == LayerKind.LAYER_KIND_BATCH_NORM
    assert result.l1 == 2.0 and result.linf == 2.0
    assert_maximiser(result.l1_maximiser, (0, ()))
    assert_maximiser(result.linf_maximiser, (0, ()))


def test_batch_norm_default_eps_float32(client):
    scale = np.array([0.3, -1.7, 1.2, 0.9], dtype=np.float32)
    variance = np.array([0.01, 2.5, 0.8, 0.05], dtype=np.float32)
    (result,) = client.compute_norms([batch_norm_layer("bn", scale, variance)]).layers
    diag = np.abs(scale.astype(np.float64)) / np.sqrt(variance.astype(np.float64) + 1e-5)
    assert result.l1 == pytest.approx(diag.max(), rel=REL)
    assert result.linf == pytest.approx(diag.max(), rel=REL)
    assert result.l1_maximiser.channel == int(diag.argmax())


# (case name, C_in, C_out, spatial, kernel, attributes)
CONV_CASES = [
    ("x=[2,7,6] k=3x3 s=2", 2, 3, (7, 6), (3, 3), dict(strides=[2, 2])),
    ("x=[2,9,8] k=3x2 d=2", 2, 3, (9, 8), (3, 2), dict(dilations=[2, 2])),
    ("x=[4,5,6] k=3x3 g=2 p=[1,1,1,1]", 4, 6, (5, 6), (3, 3), dict(group=2, pads=[1, 1, 1, 1])),
    ("x=[3,6,7] k=3x3 p=[0,1,2,1]", 3, 2, (6, 7), (3, 3), dict(pads=[0, 1, 2, 1])),
    ("x=[2,2,2] k=3x3 p=[1,1,1,1]", 2, 3, (2, 2), (3, 3), dict(pads=[1, 1, 1, 1])),
    ("x=[2,2,2] k=3x3 s=2 p=[2,0,1,2]", 2, 2, (2, 2), (3, 3), dict(strides=[2, 2], pads=[2, 0, 1, 2])),
    (
        "x=[4,7,9] k=3x2 g=2 s=(2,3) d=(2,1) p=[1,0,2,1]",
        4,
        6,
        (7, 9),
        (3, 2),
        dict(group=2, strides=[2, 3], dilations=[2, 1], pads=[1, 0, 2, 1]),
    ),
    (
        "x=[6,5,5] k=3x3 g=6 (depthwise) s=2 p=[1,1,1,1]",
        6,
        6,
        (5, 5),
        (3, 3),
        dict(group=6, strides=[2, 2], pads=[1, 1, 1, 1]),
    ),
    ("x=[2,7,8] k=4x3 s=2 SAME_UPPER", 2, 3, (7, 8), (4, 3), dict(strides=[2, 2], auto_pad="SAME_UPPER")),
    ("x=[2,7,8] k=4x3 s=2 SAME_LOWER", 2, 3, (7, 8), (4, 3), dict(strides=[2, 2], auto_pad="SAME_LOWER")),
    ("x=[2,7,8] k=3x3 s=2 VALID", 2, 3, (7, 8), (3, 3), dict(strides=[2, 2], auto_pad="VALID")),
    ("x=[2,11] k=4 s=3 d=2 p=[2,1] (1-d)", 2, 4, (11,), (4,), dict(strides=[3], dilations=[2], pads=[2, 1])),
    ("x=[2,6] k=7 p=[3,2] (1-d, kernel > input)", 2, 2, (6,), (7,), dict(pads=[3, 2])),
    (
        "x=[2,3,4,5] k=2x3x2 s=(1,2,2) p=[0,1,1,1,0,0] (3-d)",
        2,
        2,
        (3, 4, 5),
        (2, 3, 2),
        dict(strides=[1, 2, 2], pads=[0, 1, 1, 1, 0, 0]),
    ),
]


def _conv_oracle(weight64, spatial, kernel, attrs):
    n = len(spatial)
    strides = attrs.get("strides", [1] * n)
    dilations = attrs.get("dilations", [1] * n)
    pads = resolve_conv_pads(
        spatial, kernel, strides, dilations, attrs.get("pads", []), attrs.get("auto_pad", "NOTSET")
    )
    group = attrs.get("group", 1)
    return lambda x: conv(x, weight64, strides, pads, dilations, group)


@pytest.mark.parametrize("name,cin,cout,spatial,kernel,attrs", CONV_CASES, ids=[c[0] for c in CONV_CASES])
def test_conv_matches_brute_force_matrix(client, name, cin, cout, spatial, kernel, attrs):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    weight = rng.standard_normal((cout, cin // attrs.get("group", 1)) + kernel)
    input_shape = (cin,) + spatial
    (layer,) = client.compute_norms([conv_layer(name, weight, input_shape, **attrs)]).layers
    oracle = matrix_norms(_conv_oracle(weight, spatial, kernel, attrs), input_shape)
    assert layer.op_type == "Conv" and layer.kind == LayerKind.LAYER_KIND_CONV
    assert tuple(layer.input_shape) == input_shape
    assert tuple(layer.output_shape) == oracle.output_shape
    assert layer.l1 == pytest.approx(oracle.l1, rel=REL)
    assert layer.linf == pytest.approx(oracle.linf, rel=REL)
    assert_maximiser(layer.l1_maximiser, oracle.l1_maximiser)
    assert_maximiser(layer.linf_maximiser, oracle.linf_maximiser)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_conv_low_precision_weights_are_read_exactly(client, dtype):
    # Server and oracle both see the same float32/float16 values, widened to float64.
    name, cin, cout, spatial, kernel, attrs = CONV_CASES[6]
    weight = np.random.default_rng(3).standard_normal((cout, cin // attrs["group"]) + kernel).astype(dtype)
    (layer,) = client.compute_norms([conv_layer(name, weight, (cin,) + spatial, **attrs)]).layers
    oracle = matrix_norms(_conv_oracle(weight.astype(np.float64), spatial, kernel, attrs), (cin,) + spatial)
    assert layer.l1 == pytest.approx(oracle.l1, rel=REL)
    assert layer.linf == pytest.approx(oracle.linf, rel=REL)


# (case name, C_in, C_out, spatial, kernel, attributes, explicit pads the oracle uses)
CONV_TRANSPOSE_CASES = [
    (
        "x=[2,4,5] k=3x3 s=2 op=1",
        2,
        3,
        (4, 5),
        (3, 3),
        dict(strides=[2, 2], output_padding=[1, 1]),
        [0, 0, 0, 0],
    ),
    (
        "x=[4,3,4] k=3x3 s=3 d=2 g=2 op=1 p=[1,0,0,2]",
        4,
        6,
        (3, 4),
        (3, 3),
        dict(strides=[3, 3], dilations=[2, 2], group=2, output_padding=[1, 1], pads=[1, 0, 0, 2]),
        [1, 0, 0, 2],
    ),
    (
        "x=[2,6] k=5 s=3 g=2 op=2 (1-d)",
        2,
        4,
        (6,),
        (5,),
        dict(strides=[3], group=2, output_padding=[2]),
        [0, 0],
    ),
    ("x=[2,2,2] k=3x3 p=[1,1,1,1]", 2, 3, (2, 2), (3, 3), dict(pads=[1, 1, 1, 1]), [1, 1, 1, 1]),
    # Natural size 7x7; output_shape [5,7] means total padding 2 and 0, split evenly by either ONNX rule.
    (
        "x=[2,3,3] k=3x3 s=2 output_shape=[5,7]",
        2,
        2,
        (3, 3),
        (3, 3),
        dict(strides=[2, 2], output_shape=[5, 7]),
        [1, 0, 1, 0],
    ),
]


@pytest.mark.parametrize(
    "name,cin,cout,spatial,kernel,attrs,pads", CONV_TRANSPOSE_CASES, ids=[c[0] for c in CONV_TRANSPOSE_CASES]
)
def test_conv_transpose_matches_brute_force_matrix(client, name, cin, cout, spatial, kernel, attrs, pads):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    group = attrs.get("group", 1)
    weight = rng.standard_normal((cin, cout // group) + kernel)
    input_shape = (cin,) + spatial
    (layer,) = client.compute_norms([conv_transpose_layer(name, weight, input_shape, **attrs)]).layers
    n = len(spatial)
    oracle = matrix_norms(
        lambda x: conv_transpose(
            x,
            weight,
            attrs.get("strides", [1] * n),
            pads,
            attrs.get("dilations", [1] * n),
            group,
            attrs.get("output_padding", [0] * n),
        ),
        input_shape,
    )
    assert layer.op_type == "ConvTranspose" and layer.kind == LayerKind.LAYER_KIND_CONV_TRANSPOSE
    assert tuple(layer.output_shape) == oracle.output_shape
    assert layer.l1 == pytest.approx(oracle.l1, rel=REL)
    assert layer.linf == pytest.approx(oracle.linf, rel=REL)
    assert_maximiser(layer.l1_maximiser, oracle.l1_maximiser)
    assert_maximiser(layer.linf_maximiser, oracle.linf_maximiser)


def test_oracle_conv_transpose_is_adjoint_of_conv():
    # Self-check of the oracle (no server): <conv(x), y> == <x, conv_transpose(y)>.
    rng = np.random.default_rng(11)
    x, w = rng.standard_normal((4, 7, 9)), rng.standard_normal((6, 2, 3, 2))
    strides, dilations, pads = [2, 3], [2, 1], [1, 0, 2, 1]
    y = conv(x, w, strides, pads, dilations, 2)
    full = [(y.shape[1] - 1) * 2 + 2 * 2 + 1, (y.shape[2] - 1) * 3 + 1 + 1]
    output_padding = [7 + 1 + 2 - full[0], 9 + 0 + 1 - full[1]]
    v = rng.standard_normal(y.shape)
    xt = conv_transpose(v, w, strides, pads, dilations, 2, output_padding)
    assert xt.shape == x.shape
    assert math.isclose(np.vdot(y, v), np.vdot(x, xt), rel_tol=1e-12)
