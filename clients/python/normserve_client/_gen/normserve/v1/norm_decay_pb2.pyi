from normserve_client._gen.normserve.v1 import compute_norms_pb2 as _compute_norms_pb2
from normserve_client._gen.normserve.v1 import layer_pb2 as _layer_pb2
from normserve_client._gen.normserve.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProjectionMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROJECTION_MODE_UNSPECIFIED: _ClassVar[ProjectionMode]
    PROJECTION_MODE_MAXIMISER: _ClassVar[ProjectionMode]
    PROJECTION_MODE_ALL: _ClassVar[ProjectionMode]
PROJECTION_MODE_UNSPECIFIED: ProjectionMode
PROJECTION_MODE_MAXIMISER: ProjectionMode
PROJECTION_MODE_ALL: ProjectionMode

class NormDecayRequest(_message.Message):
    __slots__ = ("onnx_model", "model_id", "layers", "norm", "beta", "momentum", "session_id", "conv", "linear", "batch_norm", "gradients", "weights", "input_shape")
    class GradientsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _tensor_pb2.Tensor
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ...) -> None: ...
    class WeightsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _tensor_pb2.Tensor
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ...) -> None: ...
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    NORM_FIELD_NUMBER: _ClassVar[int]
    BETA_FIELD_NUMBER: _ClassVar[int]
    MOMENTUM_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CONV_FIELD_NUMBER: _ClassVar[int]
    LINEAR_FIELD_NUMBER: _ClassVar[int]
    BATCH_NORM_FIELD_NUMBER: _ClassVar[int]
    GRADIENTS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    model_id: str
    layers: _layer_pb2.LayerSet
    norm: _compute_norms_pb2.NormType
    beta: float
    momentum: float
    session_id: str
    conv: bool
    linear: bool
    batch_norm: bool
    gradients: _containers.MessageMap[str, _tensor_pb2.Tensor]
    weights: _containers.MessageMap[str, _tensor_pb2.Tensor]
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, onnx_model: _Optional[bytes] = ..., model_id: _Optional[str] = ..., layers: _Optional[_Union[_layer_pb2.LayerSet, _Mapping]] = ..., norm: _Optional[_Union[_compute_norms_pb2.NormType, str]] = ..., beta: _Optional[float] = ..., momentum: _Optional[float] = ..., session_id: _Optional[str] = ..., conv: bool = ..., linear: bool = ..., batch_norm: bool = ..., gradients: _Optional[_Mapping[str, _tensor_pb2.Tensor]] = ..., weights: _Optional[_Mapping[str, _tensor_pb2.Tensor]] = ..., input_shape: _Optional[_Iterable[int]] = ...) -> None: ...

class LayerDecay(_message.Message):
    __slots__ = ("node_name", "weight_name", "kind", "norm_before", "maximiser", "decay", "includes_gradient")
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NORM_BEFORE_FIELD_NUMBER: _ClassVar[int]
    MAXIMISER_FIELD_NUMBER: _ClassVar[int]
    DECAY_FIELD_NUMBER: _ClassVar[int]
    INCLUDES_GRADIENT_FIELD_NUMBER: _ClassVar[int]
    node_name: str
    weight_name: str
    kind: _layer_pb2.LayerKind
    norm_before: float
    maximiser: _compute_norms_pb2.Maximiser
    decay: _tensor_pb2.Tensor
    includes_gradient: bool
    def __init__(self, node_name: _Optional[str] = ..., weight_name: _Optional[str] = ..., kind: _Optional[_Union[_layer_pb2.LayerKind, str]] = ..., norm_before: _Optional[float] = ..., maximiser: _Optional[_Union[_compute_norms_pb2.Maximiser, _Mapping]] = ..., decay: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., includes_gradient: bool = ...) -> None: ...

class NormDecayResponse(_message.Message):
    __slots__ = ("layers", "session_id", "timing")
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TIMING_FIELD_NUMBER: _ClassVar[int]
    layers: _containers.RepeatedCompositeFieldContainer[LayerDecay]
    session_id: str
    timing: _compute_norms_pb2.Timing
    def __init__(self, layers: _Optional[_Iterable[_Union[LayerDecay, _Mapping]]] = ..., session_id: _Optional[str] = ..., timing: _Optional[_Union[_compute_norms_pb2.Timing, _Mapping]] = ...) -> None: ...

class ProjectNormsRequest(_message.Message):
    __slots__ = ("onnx_model", "model_id", "layers", "norm", "radius", "mode", "max_iterations", "tolerance", "conv", "linear", "batch_norm", "weights", "input_shape")
    class WeightsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _tensor_pb2.Tensor
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ...) -> None: ...
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    NORM_FIELD_NUMBER: _ClassVar[int]
    RADIUS_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    MAX_ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    CONV_FIELD_NUMBER: _ClassVar[int]
    LINEAR_FIELD_NUMBER: _ClassVar[int]
    BATCH_NORM_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    model_id: str
    layers: _layer_pb2.LayerSet
    norm: _compute_norms_pb2.NormType
    radius: float
    mode: ProjectionMode
    max_iterations: int
    tolerance: float
    conv: bool
    linear: bool
    batch_norm: bool
    weights: _containers.MessageMap[str, _tensor_pb2.Tensor]
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, onnx_model: _Optional[bytes] = ..., model_id: _Optional[str] = ..., layers: _Optional[_Union[_layer_pb2.LayerSet, _Mapping]] = ..., norm: _Optional[_Union[_compute_norms_pb2.NormType, str]] = ..., radius: _Optional[float] = ..., mode: _Optional[_Union[ProjectionMode, str]] = ..., max_iterations: _Optional[int] = ..., tolerance: _Optional[float] = ..., conv: bool = ..., linear: bool = ..., batch_norm: bool = ..., weights: _Optional[_Mapping[str, _tensor_pb2.Tensor]] = ..., input_shape: _Optional[_Iterable[int]] = ...) -> None: ...

class LayerProjection(_message.Message):
    __slots__ = ("node_name", "weight_name", "kind", "weight", "changed", "norm_before", "norm_after", "maximiser", "exact", "converged", "iterations")
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    NORM_BEFORE_FIELD_NUMBER: _ClassVar[int]
    NORM_AFTER_FIELD_NUMBER: _ClassVar[int]
    MAXIMISER_FIELD_NUMBER: _ClassVar[int]
    EXACT_FIELD_NUMBER: _ClassVar[int]
    CONVERGED_FIELD_NUMBER: _ClassVar[int]
    ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    node_name: str
    weight_name: str
    kind: _layer_pb2.LayerKind
    weight: _tensor_pb2.Tensor
    changed: bool
    norm_before: float
    norm_after: float
    maximiser: _compute_norms_pb2.Maximiser
    exact: bool
    converged: bool
    iterations: int
    def __init__(self, node_name: _Optional[str] = ..., weight_name: _Optional[str] = ..., kind: _Optional[_Union[_layer_pb2.LayerKind, str]] = ..., weight: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., changed: bool = ..., norm_before: _Optional[float] = ..., norm_after: _Optional[float] = ..., maximiser: _Optional[_Union[_compute_norms_pb2.Maximiser, _Mapping]] = ..., exact: bool = ..., converged: bool = ..., iterations: _Optional[int] = ...) -> None: ...

class ProjectNormsResponse(_message.Message):
    __slots__ = ("layers", "timing")
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    TIMING_FIELD_NUMBER: _ClassVar[int]
    layers: _containers.RepeatedCompositeFieldContainer[LayerProjection]
    timing: _compute_norms_pb2.Timing
    def __init__(self, layers: _Optional[_Iterable[_Union[LayerProjection, _Mapping]]] = ..., timing: _Optional[_Union[_compute_norms_pb2.Timing, _Mapping]] = ...) -> None: ...

class OpenSessionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class OpenSessionResponse(_message.Message):
    __slots__ = ("session_id", "idle_ttl_seconds")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    IDLE_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    idle_ttl_seconds: float
    def __init__(self, session_id: _Optional[str] = ..., idle_ttl_seconds: _Optional[float] = ...) -> None: ...

class CloseSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class CloseSessionResponse(_message.Message):
    __slots__ = ("closed",)
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    closed: bool
    def __init__(self, closed: bool = ...) -> None: ...
