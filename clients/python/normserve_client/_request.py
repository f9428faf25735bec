"""Building a ``ComputeNormsRequest`` from what :meth:`NormserveClient.compute_norms` accepts."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Union

from normserve_client._gen.normserve.v1 import compute_norms_pb2, layer_pb2
from normserve_client._tensors import int_list

__all__ = ["ModelLike", "build_compute_norms_request", "fill_input_shape", "fill_model", "norm_types"]

_CONV_L2_METHODS = {
    "power-iteration": compute_norms_pb2.L2_METHOD_POWER_ITERATION,
    "gram-iteration-bound": compute_norms_pb2.L2_METHOD_GRAM_ITERATION_BOUND,
    "exact-circular": compute_norms_pb2.L2_METHOD_EXACT_CIRCULAR,
}

_NORM_NAMES = {
    "l1": compute_norms_pb2.NORM_TYPE_L1,
    "linf": compute_norms_pb2.NORM_TYPE_LINF,
    "l2": compute_norms_pb2.NORM_TYPE_L2,
}

ModelLike = Union[
    str, "os.PathLike[str]", bytes, bytearray, memoryview, Sequence[layer_pb2.Layer], layer_pb2.LayerSet
]


def build_compute_norms_request(
    model: ModelLike,
    norms: Iterable[str | int],
    input_shape: Sequence[int] | None,
    conv_l2_method: str | int | None = None,
    l2_max_iterations: int | None = None,
) -> compute_norms_pb2.ComputeNormsRequest:
    """The request for :meth:`NormserveClient.compute_norms`; its docstring lists the accepted
    arguments. Raises TypeError / ValueError / OSError before anything is sent."""
    request = compute_norms_pb2.ComputeNormsRequest(norms=norm_types(norms, "compute_norms"))
    if conv_l2_method is not None:
        request.conv_l2_method = _conv_l2_method(conv_l2_method)
    if l2_max_iterations is not None:
        if isinstance(l2_max_iterations, bool) or not isinstance(l2_max_iterations, int) or l2_max_iterations < 0:
            raise ValueError(f"compute_norms: l2_max_iterations must be an integer >= 0, got {l2_max_iterations!r}")
        request.l2_max_iterations = l2_max_iterations
    fill_model(request, model, "compute_norms")
    if input_shape is not None:
        fill_input_shape(request, input_shape, "compute_norms")
    return request


def fill_model(request, model: ModelLike, context: str) -> None:
    """Set the ``model`` oneof (``onnx_model`` or ``layers``) of a ComputeNorms, NormDecay,
    ProjectNorms or ClipSingularValues request from a path, ONNX bytes or raw layers; ``context`` prefixes errors."""
    if isinstance(model, (str, os.PathLike)):
        with open(model, "rb") as file:
            request.onnx_model = file.read()
        if not request.onnx_model:
            raise ValueError(f"{context}: ONNX file {os.fspath(model)!r} is empty")
    elif isinstance(model, (bytes, bytearray, memoryview)):
        request.onnx_model = model.tobytes() if isinstance(model, memoryview) else bytes(model)
        if not request.onnx_model:
            raise ValueError(f"{context}: the ONNX model bytes are empty")
    else:
        request.layers.CopyFrom(_layer_set(model, context))


def fill_input_shape(request, input_shape: Sequence[int], context: str) -> None:
    """Set ``input_shape`` (ONNX models only; raw layers carry their own)."""
    if request.WhichOneof("model") != "onnx_model":
        raise ValueError(
            f"{context}: input_shape applies only to ONNX models; raw layers carry their own input_shape"
        )
    request.input_shape.extend(int_list(input_shape, argument="input_shape", context=context, minimum=1))


def norm_types(norms: Iterable[str | int], context: str) -> list:
    """``NormType`` values from names (``"l1"``, ``"linf"``/``"l∞"``, ``"l2"``) or enum values."""
    if isinstance(norms, str):
        norms = (norms,)
    result = []
    for norm in norms:
        if isinstance(norm, str):
            key = norm.lower().replace("∞", "inf")
            if key not in _NORM_NAMES:
                raise ValueError(f"{context}: unknown norm {norm!r}; expected one of {sorted(_NORM_NAMES)}")
            result.append(_NORM_NAMES[key])
        elif isinstance(norm, int) and not isinstance(norm, bool) and norm in _NORM_NAMES.values():
            result.append(int(norm))
        else:
            raise ValueError(f"{context}: unknown norm {norm!r}; expected one of {sorted(_NORM_NAMES)}")
    return result


def _conv_l2_method(method: str | int) -> int:
    if isinstance(method, str) and method.lower() in _CONV_L2_METHODS:
        return _CONV_L2_METHODS[method.lower()]
    if isinstance(method, int) and not isinstance(method, bool) and method in _CONV_L2_METHODS.values():
        return int(method)
    raise ValueError(
        f"compute_norms: unknown conv_l2_method {method!r}; expected one of {sorted(_CONV_L2_METHODS)}"
    )


def _layer_set(model: object, context: str) -> layer_pb2.LayerSet:
    if isinstance(model, layer_pb2.LayerSet):
        layers = list(model.layers)
    elif isinstance(model, layer_pb2.Layer):
        layers = [model]
    else:
        try:
            layers = list(model)  # type: ignore[call-overload]
        except TypeError:
            raise TypeError(
                f"{context}: model must be a path, ONNX bytes, or a sequence of layers "
                f"(conv_layer, linear_layer, ...), got {type(model).__name__}"
            ) from None
    if not layers:
        raise ValueError(f"{context}: at least one layer is required")
    for index, layer in enumerate(layers):
        if not isinstance(layer, layer_pb2.Layer):
            raise TypeError(
                f"{context}: model[{index}] must be a Layer (from conv_layer, linear_layer, ...), "
                f"got {type(layer).__name__}"
            )
    return layer_pb2.LayerSet(layers=layers)
