from normserve_client._gen.normserve.v1 import compute_norms_pb2 as _compute_norms_pb2
from normserve_client._gen.normserve.v1 import layer_pb2 as _layer_pb2
from normserve_client._gen.normserve.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ClipSingularValuesRequest(_message.Message):
    __slots__ = ("onnx_model", "model_id", "layers", "clip_to", "node_names", "input_shape")
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    CLIP_TO_FIELD_NUMBER: _ClassVar[int]
    NODE_NAMES_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    model_id: str
    layers: _layer_pb2.LayerSet
    clip_to: float
    node_names: _containers.RepeatedScalarFieldContainer[str]
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, onnx_model: _Optional[bytes] = ..., model_id: _Optional[str] = ..., layers: _Optional[_Union[_layer_pb2.LayerSet, _Mapping]] = ..., clip_to: _Optional[float] = ..., node_names: _Optional[_Iterable[str]] = ..., input_shape: _Optional[_Iterable[int]] = ...) -> None: ...

class ClippedLayer(_message.Message):
    __slots__ = ("node_name", "weight_name", "kind", "weight", "sigma_max_before", "sigma_max_after", "projection_shift", "changed", "values_clipped", "blocks_clipped", "blocks_total", "grid")
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    SIGMA_MAX_BEFORE_FIELD_NUMBER: _ClassVar[int]
    SIGMA_MAX_AFTER_FIELD_NUMBER: _ClassVar[int]
    PROJECTION_SHIFT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    VALUES_CLIPPED_FIELD_NUMBER: _ClassVar[int]
    BLOCKS_CLIPPED_FIELD_NUMBER: _ClassVar[int]
    BLOCKS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    GRID_FIELD_NUMBER: _ClassVar[int]
    node_name: str
    weight_name: str
    kind: _layer_pb2.LayerKind
    weight: _tensor_pb2.Tensor
    sigma_max_before: float
    sigma_max_after: float
    projection_shift: float
    changed: bool
    values_clipped: int
    blocks_clipped: int
    blocks_total: int
    grid: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, node_name: _Optional[str] = ..., weight_name: _Optional[str] = ..., kind: _Optional[_Union[_layer_pb2.LayerKind, str]] = ..., weight: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., sigma_max_before: _Optional[float] = ..., sigma_max_after: _Optional[float] = ..., projection_shift: _Optional[float] = ..., changed: bool = ..., values_clipped: _Optional[int] = ..., blocks_clipped: _Optional[int] = ..., blocks_total: _Optional[int] = ..., grid: _Optional[_Iterable[int]] = ...) -> None: ...

class ClipSingularValuesResponse(_message.Message):
    __slots__ = ("layers", "timing")
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    TIMING_FIELD_NUMBER: _ClassVar[int]
    layers: _containers.RepeatedCompositeFieldContainer[ClippedLayer]
    timing: _compute_norms_pb2.Timing
    def __init__(self, layers: _Optional[_Iterable[_Union[ClippedLayer, _Mapping]]] = ..., timing: _Optional[_Union[_compute_norms_pb2.Timing, _Mapping]] = ...) -> None: ...
