"""NORM_TYPE_L2 and clip_singular_values against numpy (SVD, FFT per Sedghi et al.) on a real server."""

from __future__ import annotations

import grpc
import numpy as np
import pytest
from numpy_conv_oracle import conv

from normserve_client import (
    L2Method,
    LayerKind,
    NormserveError,
    batch_norm_layer,
    conv_layer,
    linear_layer,
    tensor_to_array,
)

RNG = np.random.default_rng(7)


def circular_singular_values(kernel: np.ndarray, n: int) -> np.ndarray:
    """All singular values of the stride-1 circular conv of ``kernel`` on n×n (Sedghi et al.):
    the union over frequencies of the singular values of the C_out×C_in FFT blocks."""
    blocks = np.fft.fft2(kernel, s=(n, n), axes=(2, 3))  # [C_out, C_in, n, n]
    per_frequency = np.linalg.svd(blocks.transpose(2, 3, 0, 1), compute_uv=False)
    return np.sort(per_frequency.reshape(-1))[::-1]


def dense_conv_matrix(weight: np.ndarray, input_shape, pads) -> np.ndarray:
    size = int(np.prod(input_shape))
    columns = []
    for j in range(size):
        unit = np.zeros(size)
        unit[j] = 1.0
        columns.append(conv(unit.reshape(input_shape), weight, (1, 1), pads, (1, 1), 1).reshape(-1))
    return np.stack(columns, axis=1)


def test_l2_linear_and_batch_norm_are_exact(client):
    weight = RNG.standard_normal((5, 7))
    bn = batch_norm_layer("bn", np.array([0.5, -3.0]), np.array([1.0, 4.0]), epsilon=0.0)
    result = client.compute_norms([linear_layer("fc", weight), bn], norms=("l2",))
    fc, norm = result.layers
    assert fc.l2 == pytest.approx(np.linalg.svd(weight, compute_uv=False)[0], rel=1e-12)
    assert fc.l2_method == L2Method.L2_METHOD_EXACT
    assert norm.l2 == pytest.approx(1.5, rel=1e-15) and norm.l2_method == L2Method.L2_METHOD_EXACT
    assert not fc.HasField("l1")


def test_l2_conv_power_iteration_matches_the_dense_svd_below_the_gram_bound(client):
    weight = RNG.standard_normal((4, 3, 3, 3))
    pads = (1, 1, 1, 1)
    result = client.compute_norms([conv_layer("c", weight, (3, 6, 5), pads=pads)], norms=("l2",))
    (layer,) = result.layers
    exact = np.linalg.svd(dense_conv_matrix(weight, (3, 6, 5), pads), compute_uv=False)[0]
    assert layer.l2_method == L2Method.L2_METHOD_POWER_ITERATION
    assert layer.l2 == pytest.approx(exact, rel=1e-9)
    assert layer.l2_iterations > 0 and layer.HasField("l2_residual")
    assert layer.l2_upper_bound_method == L2Method.L2_METHOD_GRAM_ITERATION_BOUND
    assert layer.l2_upper_bound >= exact
    bound_only = client.compute_norms(
        [conv_layer("c", weight, (3, 6, 5), pads=pads)], norms=("l2",), conv_l2_method="gram-iteration-bound"
    ).layers[0]
    assert bound_only.l2_method == L2Method.L2_METHOD_GRAM_ITERATION_BOUND and bound_only.l2 >= exact


def test_clip_singular_values_full_support_clips_the_spectrum_exactly(client):
    # k = n = 3: the k×k projection is exact, so the spectrum becomes min(σ, c).
    weight = RNG.standard_normal((2, 3, 3, 3))
    before = circular_singular_values(weight, 3)
    clip_to = 0.6 * before[0]
    result = client.clip_singular_values([conv_layer("c", weight, (3, 3, 3))], clip_to=clip_to)
    (layer,) = result.layers
    assert (layer.node_name, layer.weight_name, layer.kind) == ("c", "c.weight", LayerKind.LAYER_KIND_CONV)
    clipped = tensor_to_array(layer.weight)
    assert clipped.dtype == np.float64 and clipped.shape == weight.shape
    after = circular_singular_values(clipped, 3)
    assert layer.sigma_max_before == pytest.approx(before[0], rel=1e-10)
    assert layer.sigma_max_after == pytest.approx(after[0], rel=1e-10)
    assert layer.sigma_max_after <= clip_to + 1e-9
    np.testing.assert_allclose(after, np.sort(np.minimum(before, clip_to))[::-1], atol=1e-9)
    assert layer.changed and abs(layer.projection_shift) <= 1e-9


def test_clip_singular_values_float32_partial_support_and_node_names(client):
    layers = [
        conv_layer("a", RNG.standard_normal((4, 2, 3, 3)).astype(np.float32), (2, 8, 8), pads=(1, 1, 1, 1)),
        linear_layer("fc", RNG.standard_normal((3, 4))),
        conv_layer("b", RNG.standard_normal((2, 4, 3, 3)).astype(np.float32), (4, 8, 8), pads=(1, 1, 1, 1)),
    ]
    result = client.clip_singular_values(layers, clip_to=0.5, node_names=["b"])
    (layer,) = result.layers
    assert layer.node_name == "b"
    clipped = tensor_to_array(layer.weight)
    assert clipped.dtype == np.float32 and clipped.shape == (2, 4, 3, 3)
    assert layer.sigma_max_after == pytest.approx(circular_singular_values(clipped.astype(np.float64), 8)[0], rel=1e-9)
    assert layer.projection_shift == pytest.approx(layer.sigma_max_after - 0.5, abs=1e-12)
    assert list(layer.grid) == [8, 8]


def test_clip_singular_values_errors(client):
    layers = [conv_layer("a", np.ones((1, 1, 3, 3)), (1, 4, 4)), linear_layer("fc", np.ones((2, 16)))]
    with pytest.raises(ValueError, match="clip_to must be a finite number > 0"):
        client.clip_singular_values(layers, clip_to=0.0)
    with pytest.raises(NormserveError) as info:
        client.clip_singular_values(layers, clip_to=1.0, node_names=["fc"])
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "node_names[0]: 'fc' is a linear layer" in info.value.details
    with pytest.raises(NormserveError) as info:
        client.clip_singular_values(layers, clip_to=1.0, node_names=["a", "nope"])
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT and "node_names[1]" in info.value.details
