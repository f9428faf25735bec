from normserve_client._gen.normserve.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DatasetFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATASET_FORMAT_UNSPECIFIED: _ClassVar[DatasetFormat]
    DATASET_FORMAT_IDX: _ClassVar[DatasetFormat]
    DATASET_FORMAT_CIFAR10: _ClassVar[DatasetFormat]
    DATASET_FORMAT_NPY: _ClassVar[DatasetFormat]

class DatasetSplit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATASET_SPLIT_UNSPECIFIED: _ClassVar[DatasetSplit]
    DATASET_SPLIT_TRAIN: _ClassVar[DatasetSplit]
    DATASET_SPLIT_TEST: _ClassVar[DatasetSplit]
DATASET_FORMAT_UNSPECIFIED: DatasetFormat
DATASET_FORMAT_IDX: DatasetFormat
DATASET_FORMAT_CIFAR10: DatasetFormat
DATASET_FORMAT_NPY: DatasetFormat
DATASET_SPLIT_UNSPECIFIED: DatasetSplit
DATASET_SPLIT_TRAIN: DatasetSplit
DATASET_SPLIT_TEST: DatasetSplit

class TensorDataset(_message.Message):
    __slots__ = ("images", "labels")
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    images: _tensor_pb2.Tensor
    labels: _tensor_pb2.Tensor
    def __init__(self, images: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., labels: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ...) -> None: ...

class SyntheticData(_message.Message):
    __slots__ = ("n", "image_shape", "classes", "seed", "noise")
    N_FIELD_NUMBER: _ClassVar[int]
    IMAGE_SHAPE_FIELD_NUMBER: _ClassVar[int]
    CLASSES_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    NOISE_FIELD_NUMBER: _ClassVar[int]
    n: int
    image_shape: _containers.RepeatedScalarFieldContainer[int]
    classes: int
    seed: int
    noise: float
    def __init__(self, n: _Optional[int] = ..., image_shape: _Optional[_Iterable[int]] = ..., classes: _Optional[int] = ..., seed: _Optional[int] = ..., noise: _Optional[float] = ...) -> None: ...

class Dataset(_message.Message):
    __slots__ = ("tensors", "path", "synthetic", "format", "split", "limit")
    TENSORS_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    SYNTHETIC_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    SPLIT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    tensors: TensorDataset
    path: str
    synthetic: SyntheticData
    format: DatasetFormat
    split: DatasetSplit
    limit: int
    def __init__(self, tensors: _Optional[_Union[TensorDataset, _Mapping]] = ..., path: _Optional[str] = ..., synthetic: _Optional[_Union[SyntheticData, _Mapping]] = ..., format: _Optional[_Union[DatasetFormat, str]] = ..., split: _Optional[_Union[DatasetSplit, str]] = ..., limit: _Optional[int] = ...) -> None: ...
