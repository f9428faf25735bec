from normserve_client._gen.normserve.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LayerKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LAYER_KIND_UNSPECIFIED: _ClassVar[LayerKind]
    LAYER_KIND_CONV: _ClassVar[LayerKind]
    LAYER_KIND_CONV_TRANSPOSE: _ClassVar[LayerKind]
    LAYER_KIND_LINEAR: _ClassVar[LayerKind]
    LAYER_KIND_BATCH_NORM: _ClassVar[LayerKind]

class AutoPad(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTO_PAD_UNSPECIFIED: _ClassVar[AutoPad]
    AUTO_PAD_NOTSET: _ClassVar[AutoPad]
    AUTO_PAD_SAME_UPPER: _ClassVar[AutoPad]
    AUTO_PAD_SAME_LOWER: _ClassVar[AutoPad]
    AUTO_PAD_VALID: _ClassVar[AutoPad]
LAYER_KIND_UNSPECIFIED: LayerKind
LAYER_KIND_CONV: LayerKind
LAYER_KIND_CONV_TRANSPOSE: LayerKind
LAYER_KIND_LINEAR: LayerKind
LAYER_KIND_BATCH_NORM: LayerKind
AUTO_PAD_UNSPECIFIED: AutoPad
AUTO_PAD_NOTSET: AutoPad
AUTO_PAD_SAME_UPPER: AutoPad
AUTO_PAD_SAME_LOWER: AutoPad
AUTO_PAD_VALID: AutoPad

class ConvAttributes(_message.Message):
    __slots__ = ("strides", "pads", "dilations", "group", "output_padding", "auto_pad", "output_shape")
    STRIDES_FIELD_NUMBER: _ClassVar[int]
    PADS_FIELD_NUMBER: _ClassVar[int]
    DILATIONS_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_PADDING_FIELD_NUMBER: _ClassVar[int]
    AUTO_PAD_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    strides: _containers.RepeatedScalarFieldContainer[int]
    pads: _containers.RepeatedScalarFieldContainer[int]
    dilations: _containers.RepeatedScalarFieldContainer[int]
    group: int
    output_padding: _containers.RepeatedScalarFieldContainer[int]
    auto_pad: AutoPad
    output_shape: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, strides: _Optional[_Iterable[int]] = ..., pads: _Optional[_Iterable[int]] = ..., dilations: _Optional[_Iterable[int]] = ..., group: _Optional[int] = ..., output_padding: _Optional[_Iterable[int]] = ..., auto_pad: _Optional[_Union[AutoPad, str]] = ..., output_shape: _Optional[_Iterable[int]] = ...) -> None: ...

class BatchNormParams(_message.Message):
    __slots__ = ("variance", "epsilon")
    VARIANCE_FIELD_NUMBER: _ClassVar[int]
    EPSILON_FIELD_NUMBER: _ClassVar[int]
    variance: _tensor_pb2.Tensor
    epsilon: float
    def __init__(self, variance: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., epsilon: _Optional[float] = ...) -> None: ...

class Layer(_message.Message):
    __slots__ = ("name", "kind", "weight", "conv", "input_shape", "batch_norm")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    CONV_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    BATCH_NORM_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: LayerKind
    weight: _tensor_pb2.Tensor
    conv: ConvAttributes
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    batch_norm: BatchNormParams
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[LayerKind, str]] = ..., weight: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., conv: _Optional[_Union[ConvAttributes, _Mapping]] = ..., input_shape: _Optional[_Iterable[int]] = ..., batch_norm: _Optional[_Union[BatchNormParams, _Mapping]] = ...) -> None: ...

class LayerSet(_message.Message):
    __slots__ = ("layers",)
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    layers: _containers.RepeatedCompositeFieldContainer[Layer]
    def __init__(self, layers: _Optional[_Iterable[_Union[Layer, _Mapping]]] = ...) -> None: ...
