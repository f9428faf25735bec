"""Building ``NormDecayRequest`` and ``ProjectNormsRequest`` from what the client methods accept."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from normserve_client._gen.normserve.v1 import compute_norms_pb2, norm_decay_pb2
from normserve_client._request import ModelLike, fill_input_shape, fill_model, norm_types
from normserve_client._tensors import float_tensor

__all__ = ["build_norm_decay_request", "build_project_norms_request"]

_MODES = {
    "maximiser": norm_decay_pb2.PROJECTION_MODE_MAXIMISER,
    "maximizer": norm_decay_pb2.PROJECTION_MODE_MAXIMISER,
    "all": norm_decay_pb2.PROJECTION_MODE_ALL,
}


def build_norm_decay_request(
    model: ModelLike,
    *,
    norm: str | int,
    beta: float,
    momentum: float,
    session_id: str,
    kinds: tuple[bool, bool, bool],
    gradients: Mapping[str, np.ndarray] | None,
    weights: Mapping[str, np.ndarray] | None,
    input_shape: Sequence[int] | None,
) -> norm_decay_pb2.NormDecayRequest:
    """The request for :meth:`NormserveClient.norm_decay`; its docstring lists the arguments.
    Raises TypeError / ValueError / OSError before anything is sent."""
    context = "norm_decay"
    conv, linear, batch_norm = _kinds(kinds, context)
    if not isinstance(session_id, str):
        raise TypeError(f"{context}: session_id must be a str, got {session_id!r}")
    mu = _finite(momentum, "momentum", context)
    if not 0.0 <= mu <= 1.0:
        raise ValueError(f"{context}: momentum must be in [0, 1], got {momentum!r}")
    request = norm_decay_pb2.NormDecayRequest(
        norm=_decay_norm(norm, context),
        beta=_finite(beta, "beta", context),
        momentum=mu,
        session_id=session_id,
        conv=conv,
        linear=linear,
        batch_norm=batch_norm,
    )
    fill_model(request, model, context)
    _fill_tensors(request.gradients, gradients, "gradients", context)
    _fill_tensors(request.weights, weights, "weights", context)
    if input_shape is not None:
        fill_input_shape(request, input_shape, context)
    return request


def build_project_norms_request(
    model: ModelLike,
    *,
    norm: str | int,
    radius: float,
    mode: str,
    max_iterations: int | None,
    tolerance: float | None,
    kinds: tuple[bool, bool, bool],
    weights: Mapping[str, np.ndarray] | None,
    input_shape: Sequence[int] | None,
) -> norm_decay_pb2.ProjectNormsRequest:
    """The request for :meth:`NormserveClient.project_norms`; its docstring lists the arguments.
    Raises TypeError / ValueError / OSError before anything is sent."""
    context = "project_norms"
    conv, linear, batch_norm = _kinds(kinds, context)
    r = _finite(radius, "radius", context)
    if r < 0:
        raise ValueError(f"{context}: radius must be >= 0, got {radius!r}")
    key = mode.lower() if isinstance(mode, str) else mode
    if key not in _MODES:
        raise ValueError(f"{context}: mode must be 'maximiser' or 'all', got {mode!r}")
    request = norm_decay_pb2.ProjectNormsRequest(
        norm=_decay_norm(norm, context),
        radius=r,
        mode=_MODES[key],
        conv=conv,
        linear=linear,
        batch_norm=batch_norm,
    )
    if max_iterations is not None:
        if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or max_iterations < 0:
            raise ValueError(f"{context}: max_iterations must be an integer >= 0, got {max_iterations!r}")
        request.max_iterations = max_iterations
    if tolerance is not None:
        request.tolerance = _finite(tolerance, "tolerance", context)
    fill_model(request, model, context)
    _fill_tensors(request.weights, weights, "weights", context)
    if input_shape is not None:
        fill_input_shape(request, input_shape, context)
    return request


def _decay_norm(norm: str | int, context: str) -> int:
    (value,) = norm_types([norm], context)
    if value not in (compute_norms_pb2.NORM_TYPE_L1, compute_norms_pb2.NORM_TYPE_LINF):
        raise ValueError(f"{context}: norm must be 'l1' or 'linf', got {norm!r}")
    return value


def _kinds(kinds: tuple[bool, bool, bool], context: str) -> tuple[bool, bool, bool]:
    conv, linear, batch_norm = (bool(flag) for flag in kinds)
    if not (conv or linear or batch_norm):
        raise ValueError(f"{context}: conv, linear and batch_norm are all False; nothing to do")
    return conv, linear, batch_norm


def _finite(value: float, argument: str, context: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{context}: {argument} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{context}: {argument} must be finite, got {value!r}")
    return number


def _fill_tensors(target, arrays: Mapping[str, np.ndarray] | None, argument: str, context: str) -> None:
    if arrays is None:
        return
    if not isinstance(arrays, Mapping):
        raise TypeError(
            f"{context}: {argument} must be a mapping of name to array, got {type(arrays).__name__}"
        )
    for name, array in arrays.items():
        if not isinstance(name, str):
            raise TypeError(f"{context}: {argument} keys must be str, got {name!r}")
        target[name].CopyFrom(float_tensor(array, argument=f"{argument}[{name!r}]", context=context))
