"""NormserveClient.norm_decay / project_norms / sessions on raw layers, against a real server."""

from __future__ import annotations

import grpc
import numpy as np
import pytest

from normserve_client import (
    LayerKind,
    NormserveError,
    batch_norm_layer,
    linear_layer,
    tensor_to_array,
)

W = np.array([[1.0, -2.0, 0.5], [-3.0, 0.25, 1.0]])  # column abs sums 4, 2.25, 1.5; row sums 3.5, 4.25


def test_norm_decay_linear_l1_with_gradient_is_grad_plus_beta_signs_of_max_column(client):
    grad = np.arange(6, dtype=np.float64).reshape(2, 3)
    response = client.norm_decay([linear_layer("fc", W)], norm="l1", beta=0.5, gradients={"fc.weight": grad})
    (layer,) = response.layers
    assert (layer.node_name, layer.weight_name, layer.kind) == (
        "fc",
        "fc.weight",
        LayerKind.LAYER_KIND_LINEAR,
    )
    assert layer.norm_before == 4.0 and layer.maximiser.channel == 0
    assert layer.includes_gradient
    g = np.zeros_like(W)
    g[:, 0] = np.sign(W[:, 0])
    np.testing.assert_array_equal(tensor_to_array(layer.decay), grad + 0.5 * g)
    assert response.session_id == ""  # momentum 0 without a session: stateless


def test_norm_decay_without_gradient_returns_beta_g_in_the_weight_dtype(client):
    weight = W.astype(np.float32)
    (layer,) = client.norm_decay([linear_layer("fc", weight)], norm="linf", beta=2.0).layers
    assert not layer.includes_gradient and layer.maximiser.channel == 1
    decay = tensor_to_array(layer.decay)
    assert decay.dtype == np.float32
    np.testing.assert_array_equal(decay, [[0, 0, 0], [-2, 2, 2]])


def test_norm_decay_batch_norm_term(client):
    bn = batch_norm_layer("bn", np.array([0.5, -2.0]), np.array([1.0, 3.0]), epsilon=1.0)
    (layer,) = client.norm_decay([bn], norm="linf", beta=1.0).layers
    assert layer.maximiser.channel == 1 and layer.norm_before == pytest.approx(1.0)
    np.testing.assert_allclose(tensor_to_array(layer.decay), [0.0, -0.5])


def test_sessions_open_close_and_momentum(client):
    opened = client.open_session()
    assert opened.session_id and opened.idle_ttl_seconds > 0
    layers = [linear_layer("fc", W)]
    first = client.norm_decay(layers, norm="linf", beta=1.0, momentum=0.5, session_id=opened.session_id)
    assert first.session_id == opened.session_id
    # Row 0 becomes the maximiser: row 1 keeps μ·G, row 0 is set.
    moved = W * np.array([[10.0], [1.0]])
    second = client.norm_decay(
        [linear_layer("fc", moved)], norm="linf", beta=1.0, momentum=0.5, session_id=opened.session_id
    )
    np.testing.assert_allclose(tensor_to_array(second.layers[0].decay), [[1, -1, 1], [-0.5, 0.5, 0.5]])
    assert client.close_session(opened.session_id) is True
    assert client.close_session(opened.session_id) is False
    with pytest.raises(NormserveError) as caught:
        client.norm_decay(layers, norm="linf", beta=1.0, momentum=0.5, session_id=opened.session_id)
    assert caught.value.code == grpc.StatusCode.NOT_FOUND


def test_momentum_without_session_creates_one(client):
    response = client.norm_decay([linear_layer("fc", W)], beta=1.0, momentum=0.9)
    assert response.session_id
    assert client.close_session(response.session_id) is True


def test_unknown_gradient_name_is_invalid_argument(client):
    with pytest.raises(NormserveError) as caught:
        client.norm_decay([linear_layer("fc", W)], beta=1.0, gradients={"nope.weight": W})
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"norm": "l2"}, ValueError, "norm must be 'l1' or 'linf'"),
        ({"momentum": 1.5}, ValueError, r"momentum must be in \[0, 1\]"),
        ({"beta": float("nan")}, ValueError, "beta must be finite"),
        ({"conv": False, "linear": False, "batch_norm": False}, ValueError, "nothing to do"),
        ({"gradients": [W]}, TypeError, "gradients must be a mapping"),
        ({"gradients": {"fc.weight": W.astype(int)}}, TypeError, r"gradients\['fc.weight'\] must be a float"),
        ({"session_id": 3}, TypeError, "session_id must be a str"),
        ({"input_shape": [1, 3]}, ValueError, "input_shape applies only to ONNX"),
    ],
)
def test_norm_decay_argument_errors_before_sending(client, kwargs, error, message):
    arguments = {"beta": 1.0, **kwargs}
    with pytest.raises(error, match=message):
        client.norm_decay([linear_layer("fc", W)], **arguments)


def test_project_norms_all_mode_puts_every_row_in_the_linf_ball(client):
    (layer,) = client.project_norms([linear_layer("fc", W)], norm="linf", radius=2.0, mode="all").layers
    assert layer.changed and layer.norm_before == 4.25
    projected = tensor_to_array(layer.weight)
    assert np.abs(projected).sum(axis=1).max() <= 2.0 + 1e-12
    assert layer.norm_after <= 2.0 + 1e-12


def test_project_norms_argument_errors(client):
    with pytest.raises(ValueError, match="mode must be"):
        client.project_norms([linear_layer("fc", W)], radius=1.0, mode="some")
    with pytest.raises(ValueError, match="radius must be >= 0"):
        client.project_norms([linear_layer("fc", W)], radius=-1.0)
