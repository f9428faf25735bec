"""What Conv and ConvTranspose raw layers share: weight, input shape and common attributes."""

from __future__ import annotations

import numpy as np

from normserve_client._gen.normserve.v1 import layer_pb2
from normserve_client._tensors import checked_layer_name, float_tensor, int_list

__all__ = ["conv_layer_base"]

_AUTO_PAD = {
    "NOTSET": layer_pb2.AUTO_PAD_NOTSET,
    "SAME_UPPER": layer_pb2.AUTO_PAD_SAME_UPPER,
    "SAME_LOWER": layer_pb2.AUTO_PAD_SAME_LOWER,
    "VALID": layer_pb2.AUTO_PAD_VALID,
}


def conv_layer_base(context, kind, name, weight, input_shape, strides, pads, dilations, group, auto_pad):
    """Check and encode what Conv and ConvTranspose layers share: the weight (>= 3 dims), the input
    shape ``[C, S...]`` and the ConvAttributes common to both.

    Returns
    -------
    (Layer, int)
        The layer without kind-specific checks, and its number of spatial axes.
    """
    checked_layer_name(name)
    tensor = float_tensor(weight, argument="weight", context=context, min_ndim=3)
    spatial = len(tensor.shape) - 2
    shape = int_list(input_shape, argument="input_shape", context=context, length=spatial + 1, minimum=1)
    if isinstance(group, (bool, np.bool_)) or not isinstance(group, (int, np.integer)):
        raise TypeError(f"{context}: group must be an integer, got {group!r}")
    if group < 1:
        raise ValueError(f"{context}: group must be >= 1, got {group}")
    if auto_pad is None:
        auto = layer_pb2.AUTO_PAD_UNSPECIFIED
    elif isinstance(auto_pad, str) and auto_pad.upper() in _AUTO_PAD:
        auto = _AUTO_PAD[auto_pad.upper()]
    else:
        raise ValueError(f"{context}: auto_pad must be one of {sorted(_AUTO_PAD)} or None, got {auto_pad!r}")
    if pads is not None and auto not in (layer_pb2.AUTO_PAD_UNSPECIFIED, layer_pb2.AUTO_PAD_NOTSET):
        raise ValueError(f"{context}: pads and auto_pad={auto_pad!r} are exclusive")
    conv = layer_pb2.ConvAttributes(
        strides=int_list(strides, argument="strides", context=context, length=spatial, minimum=1),
        pads=int_list(pads, argument="pads", context=context, length=2 * spatial, minimum=0),
        dilations=int_list(dilations, argument="dilations", context=context, length=spatial, minimum=1),
        group=int(group),
        auto_pad=auto,
    )
    return layer_pb2.Layer(name=name, kind=kind, weight=tensor, conv=conv, input_shape=shape), spatial
