from normserve_client._gen.normserve.v1 import layer_pb2 as _layer_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NormType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NORM_TYPE_UNSPECIFIED: _ClassVar[NormType]
    NORM_TYPE_L1: _ClassVar[NormType]
    NORM_TYPE_LINF: _ClassVar[NormType]
    NORM_TYPE_L2: _ClassVar[NormType]

class L2Method(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    L2_METHOD_UNSPECIFIED: _ClassVar[L2Method]
    L2_METHOD_EXACT: _ClassVar[L2Method]
    L2_METHOD_EXACT_CIRCULAR: _ClassVar[L2Method]
    L2_METHOD_POWER_ITERATION: _ClassVar[L2Method]
    L2_METHOD_GRAM_ITERATION_BOUND: _ClassVar[L2Method]
NORM_TYPE_UNSPECIFIED: NormType
NORM_TYPE_L1: NormType
NORM_TYPE_LINF: NormType
NORM_TYPE_L2: NormType
L2_METHOD_UNSPECIFIED: L2Method
L2_METHOD_EXACT: L2Method
L2_METHOD_EXACT_CIRCULAR: L2Method
L2_METHOD_POWER_ITERATION: L2Method
L2_METHOD_GRAM_ITERATION_BOUND: L2Method

class ComputeNormsRequest(_message.Message):
    __slots__ = ("onnx_model", "model_id", "layers", "norms", "input_shape", "conv_l2_method", "l2_max_iterations")
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    NORMS_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    CONV_L2_METHOD_FIELD_NUMBER: _ClassVar[int]
    L2_MAX_ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    model_id: str
    layers: _layer_pb2.LayerSet
    norms: _containers.RepeatedScalarFieldContainer[NormType]
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    conv_l2_method: L2Method
    l2_max_iterations: int
    def __init__(self, onnx_model: _Optional[bytes] = ..., model_id: _Optional[str] = ..., layers: _Optional[_Union[_layer_pb2.LayerSet, _Mapping]] = ..., norms: _Optional[_Iterable[_Union[NormType, str]]] = ..., input_shape: _Optional[_Iterable[int]] = ..., conv_l2_method: _Optional[_Union[L2Method, str]] = ..., l2_max_iterations: _Optional[int] = ...) -> None: ...

class Maximiser(_message.Message):
    __slots__ = ("channel", "position")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    channel: int
    position: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, channel: _Optional[int] = ..., position: _Optional[_Iterable[int]] = ...) -> None: ...

class LayerNorms(_message.Message):
    __slots__ = ("node_name", "op_type", "weight_name", "kind", "input_shape", "output_shape", "l1", "linf", "l2", "l1_maximiser", "linf_maximiser", "l2_method", "l2_iterations", "l2_residual", "l2_upper_bound", "l2_upper_bound_method")
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    OP_TYPE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    L1_FIELD_NUMBER: _ClassVar[int]
    LINF_FIELD_NUMBER: _ClassVar[int]
    L2_FIELD_NUMBER: _ClassVar[int]
    L1_MAXIMISER_FIELD_NUMBER: _ClassVar[int]
    LINF_MAXIMISER_FIELD_NUMBER: _ClassVar[int]
    L2_METHOD_FIELD_NUMBER: _ClassVar[int]
    L2_ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    L2_RESIDUAL_FIELD_NUMBER: _ClassVar[int]
    L2_UPPER_BOUND_FIELD_NUMBER: _ClassVar[int]
    L2_UPPER_BOUND_METHOD_FIELD_NUMBER: _ClassVar[int]
    node_name: str
    op_type: str
    weight_name: str
    kind: _layer_pb2.LayerKind
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    output_shape: _containers.RepeatedScalarFieldContainer[int]
    l1: float
    linf: float
    l2: float
    l1_maximiser: Maximiser
    linf_maximiser: Maximiser
    l2_method: L2Method
    l2_iterations: int
    l2_residual: float
    l2_upper_bound: float
    l2_upper_bound_method: L2Method
    def __init__(self, node_name: _Optional[str] = ..., op_type: _Optional[str] = ..., weight_name: _Optional[str] = ..., kind: _Optional[_Union[_layer_pb2.LayerKind, str]] = ..., input_shape: _Optional[_Iterable[int]] = ..., output_shape: _Optional[_Iterable[int]] = ..., l1: _Optional[float] = ..., linf: _Optional[float] = ..., l2: _Optional[float] = ..., l1_maximiser: _Optional[_Union[Maximiser, _Mapping]] = ..., linf_maximiser: _Optional[_Union[Maximiser, _Mapping]] = ..., l2_method: _Optional[_Union[L2Method, str]] = ..., l2_iterations: _Optional[int] = ..., l2_residual: _Optional[float] = ..., l2_upper_bound: _Optional[float] = ..., l2_upper_bound_method: _Optional[_Union[L2Method, str]] = ...) -> None: ...

class NetworkNorm(_message.Message):
    __slots__ = ("norm", "product", "lipschitz_bound", "is_chain", "note")
    NORM_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    LIPSCHITZ_BOUND_FIELD_NUMBER: _ClassVar[int]
    IS_CHAIN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    norm: NormType
    product: float
    lipschitz_bound: float
    is_chain: bool
    note: str
    def __init__(self, norm: _Optional[_Union[NormType, str]] = ..., product: _Optional[float] = ..., lipschitz_bound: _Optional[float] = ..., is_chain: bool = ..., note: _Optional[str] = ...) -> None: ...

class Timing(_message.Message):
    __slots__ = ("parse_ms", "compute_ms")
    PARSE_MS_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_MS_FIELD_NUMBER: _ClassVar[int]
    parse_ms: float
    compute_ms: float
    def __init__(self, parse_ms: _Optional[float] = ..., compute_ms: _Optional[float] = ...) -> None: ...

class ComputeNormsResponse(_message.Message):
    __slots__ = ("layers", "network", "timing")
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    TIMING_FIELD_NUMBER: _ClassVar[int]
    layers: _containers.RepeatedCompositeFieldContainer[LayerNorms]
    network: _containers.RepeatedCompositeFieldContainer[NetworkNorm]
    timing: Timing
    def __init__(self, layers: _Optional[_Iterable[_Union[LayerNorms, _Mapping]]] = ..., network: _Optional[_Iterable[_Union[NetworkNorm, _Mapping]]] = ..., timing: _Optional[_Union[Timing, _Mapping]] = ...) -> None: ...
