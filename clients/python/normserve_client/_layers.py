"""Builders for raw-tensor layers (``normserve.v1.Layer``) from numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from normserve_client._conv_layer_base import conv_layer_base
from normserve_client._gen.normserve.v1 import layer_pb2
from normserve_client._tensors import checked_layer_name, float_tensor, int_list

__all__ = ["batch_norm_layer", "conv_layer", "conv_transpose_layer", "linear_layer"]


def conv_layer(
    name: str,
    weight: np.ndarray,
    input_shape: Sequence[int],
    *,
    strides: Sequence[int] | None = None,
    pads: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
    group: int = 1,
    auto_pad: str | None = None,
) -> layer_pb2.Layer:
    """An N-d convolution (ONNX ``Conv`` semantics) as a raw layer.

    Parameters
    ----------
    name : str
        Reported back as ``node_name``.
    weight : numpy.ndarray
        ``[C_out, C_in / group, k_1, ..., k_n]``, float16/32/64.
    input_shape : sequence of int
        ``[C_in, S_1, ..., S_n]``, batch excluded: the exact input the layer sees (it may be smaller
        than the kernel).
    strides, dilations : sequence of int, optional
        One per spatial axis (default 1).
    pads : sequence of int, optional
        ``[begin_1, ..., begin_n, end_1, ..., end_n]`` as in ONNX (default 0).
    group : int
        Number of groups; must divide ``C_out`` and ``C_in``.
    auto_pad : {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}, optional
        ONNX automatic padding; exclusive with ``pads``.

    Returns
    -------
    Layer
        The generated ``normserve.v1.Layer`` message, for :meth:`NormserveClient.compute_norms`.

    Raises
    ------
    TypeError
        ``weight`` is not a float array, or an integer argument is not an integer.
    ValueError
        Inconsistent shapes or attributes, or a non-finite weight.
    """
    context = f"conv_layer {name!r}"
    layer, _ = conv_layer_base(
        context,
        layer_pb2.LAYER_KIND_CONV,
        name,
        weight,
        input_shape,
        strides,
        pads,
        dilations,
        group,
        auto_pad,
    )
    out_channels, per_group = layer.weight.shape[0], layer.weight.shape[1]
    if out_channels % layer.conv.group != 0:
        raise ValueError(f"{context}: group {group} does not divide the {out_channels} output channels")
    if layer.input_shape[0] != per_group * layer.conv.group:
        raise ValueError(
            f"{context}: input_shape has {layer.input_shape[0]} channels, but weight "
            f"{list(layer.weight.shape)} with group {group} expects {per_group * layer.conv.group}"
        )
    return layer


def conv_transpose_layer(
    name: str,
    weight: np.ndarray,
    input_shape: Sequence[int],
    *,
    strides: Sequence[int] | None = None,
    pads: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
    group: int = 1,
    auto_pad: str | None = None,
    output_padding: Sequence[int] | None = None,
    output_shape: Sequence[int] | None = None,
) -> layer_pb2.Layer:
    """An N-d transposed convolution (ONNX ``ConvTranspose`` semantics) as a raw layer.

    Parameters
    ----------
    name : str
        Reported back as ``node_name``.
    weight : numpy.ndarray
        ``[C_in, C_out / group, k_1, ..., k_n]``, float16/32/64.
    input_shape : sequence of int
        ``[C_in, S_1, ..., S_n]``, batch excluded.
    strides, pads, dilations, group, auto_pad
        As in :func:`conv_layer`; ``pads`` crop the full transposed output.
    output_padding : sequence of int, optional
        Extra size added at the end of each spatial axis (default 0).
    output_shape : sequence of int, optional
        Requested spatial output shape; the server then derives ``pads`` as ONNX does.

    Returns
    -------
    Layer
        The generated ``normserve.v1.Layer`` message.

    Raises
    ------
    TypeError
        ``weight`` is not a float array, or an integer argument is not an integer.
    ValueError
        Inconsistent shapes or attributes, or a non-finite weight.
    """
    context = f"conv_transpose_layer {name!r}"
    layer, spatial = conv_layer_base(
        context,
        layer_pb2.LAYER_KIND_CONV_TRANSPOSE,
        name,
        weight,
        input_shape,
        strides,
        pads,
        dilations,
        group,
        auto_pad,
    )
    in_channels = layer.weight.shape[0]
    if in_channels % layer.conv.group != 0:
        raise ValueError(f"{context}: group {group} does not divide the {in_channels} input channels")
    if layer.input_shape[0] != in_channels:
        raise ValueError(
            f"{context}: input_shape has {layer.input_shape[0]} channels, but weight "
            f"{list(layer.weight.shape)} expects {in_channels}"
        )
    if output_padding is not None:
        layer.conv.output_padding.extend(
            int_list(output_padding, argument="output_padding", context=context, length=spatial, minimum=0)
        )
    if output_shape is not None:
        layer.conv.output_shape.extend(
            int_list(output_shape, argument="output_shape", context=context, length=spatial, minimum=1)
        )
    return layer


def linear_layer(name: str, weight: np.ndarray) -> layer_pb2.Layer:
    """A fully connected layer ``y = W x`` as a raw layer (the bias does not change the norms).

    Parameters
    ----------
    name : str
        Reported back as ``node_name``.
    weight : numpy.ndarray
        ``[out, in]`` (PyTorch ``nn.Linear`` layout), float16/32/64.

    Returns
    -------
    Layer
        The generated ``normserve.v1.Layer`` message.

    Raises
    ------
    TypeError
        ``weight`` is not a float array.
    ValueError
        ``weight`` is not 2-d, or has a non-finite value.
    """
    context = f"linear_layer {checked_layer_name(name)!r}"
    tensor = float_tensor(weight, argument="weight", context=context, ndim=2)
    return layer_pb2.Layer(name=name, kind=layer_pb2.LAYER_KIND_LINEAR, weight=tensor)


def batch_norm_layer(
    name: str, scale: np.ndarray, variance: np.ndarray, epsilon: float = 1e-5
) -> layer_pb2.Layer:
    """Batch normalization in inference form, the diagonal map ``diag(scale / sqrt(variance + epsilon))``.

    Parameters
    ----------
    name : str
        Reported back as ``node_name``.
    scale : numpy.ndarray
        ``[C]``, gamma, float16/32/64.
    variance : numpy.ndarray
        ``[C]``, the running variance, float16/32/64.
    epsilon : float
        Added to the variance (PyTorch's default 1e-5).

    Returns
    -------
    Layer
        The generated ``normserve.v1.Layer`` message.

    Raises
    ------
    TypeError
        ``scale`` or ``variance`` is not a float array.
    ValueError
        Shapes differ or are not 1-d, a value is not finite, ``epsilon`` is negative or not finite, or
        ``variance + epsilon`` is not positive.
    """
    context = f"batch_norm_layer {checked_layer_name(name)!r}"
    scale_tensor = float_tensor(scale, argument="scale", context=context, ndim=1)
    variance_tensor = float_tensor(variance, argument="variance", context=context, ndim=1)
    if list(scale_tensor.shape) != list(variance_tensor.shape):
        raise ValueError(
            f"{context}: variance shape {list(variance_tensor.shape)} "
            f"does not match scale {list(scale_tensor.shape)}"
        )
    try:
        eps = float(epsilon)
    except (TypeError, ValueError):
        raise TypeError(f"{context}: epsilon must be a number, got {epsilon!r}") from None
    if not math.isfinite(eps) or eps < 0:
        raise ValueError(f"{context}: epsilon must be finite and >= 0, got {epsilon!r}")
    smallest = float(np.min(np.asarray(variance, dtype=np.float64)))
    if smallest + eps <= 0:
        raise ValueError(f"{context}: variance + epsilon must be > 0, got {smallest + eps} for some channel")
    return layer_pb2.Layer(
        name=name,
        kind=layer_pb2.LAYER_KIND_BATCH_NORM,
        weight=scale_tensor,
        batch_norm=layer_pb2.BatchNormParams(variance=variance_tensor, epsilon=eps),
    )
