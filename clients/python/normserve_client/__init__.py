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

Public API: :class:`NormserveClient` (``compute_norms``, ``norm_decay``, ``project_norms``,
``open_session``, ``close_session``, ``clip_singular_values``, ``get_info``, ``health``), :class:`NormserveError`, the layer builders
:func:`conv_layer`, :func:`conv_transpose_layer`, :func:`linear_layer`, :func:`batch_norm_layer`,
:func:`tensor_to_array` (decodes returned tensors), and the generated message and enum types the
client takes and returns (``ComputeNormsRequest``, ``ComputeNormsResponse``, ``Layer``,
``LayerKind``, ``NormType``, ``L2Method``, ``ClipSingularValuesRequest``,
``ClipSingularValuesResponse``, ``ClippedLayer``, ``NormDecayRequest``, ``NormDecayResponse``, ``LayerDecay``,
``ProjectNormsRequest``, ``ProjectNormsResponse``, ``LayerProjection``, ``ProjectionMode``,
``OpenSessionResponse``, ``GetInfoResponse``, ``EngineBackend``). Jobs: ``client.train(...)``,
``client.evaluate(...)`` and ``client.watch(job_id)`` yield :class:`Event` objects; :func:`standard`
gives the ``standard-nofab`` attack preset; ``Client`` is a short name of the client class. Everything under ``_gen`` and the other ``_``-modules is private. The
PyTorch sidecar hook is :class:`normserve.torch.NormDecay` (optional extra ``torch``).
"""

from normserve_client._client import NormserveClient
from normserve_client._errors import NormserveError
from normserve_client._events import Event, Preset, standard
from normserve_client._gen.normserve.v1.clip_singular_values_pb2 import (
    ClippedLayer,
    ClipSingularValuesRequest,
    ClipSingularValuesResponse,
)
from normserve_client._gen.normserve.v1.compute_norms_pb2 import (
    ComputeNormsRequest,
    ComputeNormsResponse,
    L2Method,
    NormType,
)
from normserve_client._gen.normserve.v1.get_info_pb2 import EngineBackend, GetInfoResponse
from normserve_client._gen.normserve.v1.jobs_pb2 import JobInfo, JobState
from normserve_client._gen.normserve.v1.layer_pb2 import Layer, LayerKind
from normserve_client._gen.normserve.v1.norm_decay_pb2 import (
    LayerDecay,
    LayerProjection,
    NormDecayRequest,
    NormDecayResponse,
    OpenSessionResponse,
    ProjectionMode,
    ProjectNormsRequest,
    ProjectNormsResponse,
)
from normserve_client._layers import batch_norm_layer, conv_layer, conv_transpose_layer, linear_layer
from normserve_client._tensors import tensor_to_array

Client = NormserveClient
"""Short name of :class:`NormserveClient`: ``normserve.Client(addr).train(...)``."""

__version__ = "0.1.0"

__all__ = [
    "Client",
    "ClipSingularValuesRequest",
    "ClipSingularValuesResponse",
    "ClippedLayer",
    "ComputeNormsRequest",
    "ComputeNormsResponse",
    "EngineBackend",
    "Event",
    "GetInfoResponse",
    "JobInfo",
    "JobState",
    "L2Method",
    "Layer",
    "LayerDecay",
    "LayerKind",
    "LayerProjection",
    "NormDecayRequest",
    "NormDecayResponse",
    "NormType",
    "NormserveClient",
    "NormserveError",
    "OpenSessionResponse",
    "ProjectNormsRequest",
    "ProjectNormsResponse",
    "Preset",
    "ProjectionMode",
    "batch_norm_layer",
    "conv_layer",
    "conv_transpose_layer",
    "linear_layer",
    "standard",
    "tensor_to_array",
]
