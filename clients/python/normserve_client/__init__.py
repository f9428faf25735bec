"""Python client of normserve: exact L1 / L∞ operator norms of the linear layers of a CNN.

Example
-------
>>> import numpy as np
>>> from normserve_client import NormserveClient, linear_layer
>>> with NormserveClient("127.0.0.1:50051") as client:                    # doctest: +SKIP
...     result = client.compute_norms("model.onnx")
...     for layer in result.layers:
...         print(layer.node_name, layer.l1, layer.linf)
...     fc = linear_layer("fc", np.array([[1.0, -2.0], [3.0, 4.0]]))
...     client.compute_norms([fc]).layers[0].l1                             # 6.0

Public API: :class:`NormserveClient`, :class:`NormserveError`, the layer builders
:func:`conv_layer`, :func:`conv_transpose_layer`, :func:`linear_layer`, :func:`batch_norm_layer`,
and the generated message and enum types the client takes and returns (``ComputeNormsRequest``,
``ComputeNormsResponse``, ``Layer``, ``LayerKind``, ``NormType``). Everything under ``_gen`` and the
other ``_``-modules is private.
"""

from normserve_client._client import NormserveClient
from normserve_client._errors import NormserveError
from normserve_client._gen.normserve.v1.compute_norms_pb2 import (
    ComputeNormsRequest,
    ComputeNormsResponse,
    NormType,
)
from normserve_client._gen.normserve.v1.layer_pb2 import Layer, LayerKind
from normserve_client._layers import batch_norm_layer, conv_layer, conv_transpose_layer, linear_layer

__version__ = "0.1.0"

__all__ = [
    "ComputeNormsRequest",
    "ComputeNormsResponse",
    "Layer",
    "LayerKind",
    "NormType",
    "NormserveClient",
    "NormserveError",
    "batch_norm_layer",
    "conv_layer",
    "conv_transpose_layer",
    "linear_layer",
]
