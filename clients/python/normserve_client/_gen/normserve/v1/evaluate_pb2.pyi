from normserve_client._gen.normserve.v1 import dataset_pb2 as _dataset_pb2
from normserve_client._gen.normserve.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AttackType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTACK_TYPE_UNSPECIFIED: _ClassVar[AttackType]
    ATTACK_TYPE_FGSM: _ClassVar[AttackType]
    ATTACK_TYPE_PGD: _ClassVar[AttackType]
    ATTACK_TYPE_APGD_CE: _ClassVar[AttackType]
    ATTACK_TYPE_APGD_T: _ClassVar[AttackType]
    ATTACK_TYPE_SQUARE: _ClassVar[AttackType]

class ThreatNorm(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    THREAT_NORM_UNSPECIFIED: _ClassVar[ThreatNorm]
    THREAT_NORM_LINF: _ClassVar[ThreatNorm]
    THREAT_NORM_L2: _ClassVar[ThreatNorm]
ATTACK_TYPE_UNSPECIFIED: AttackType
ATTACK_TYPE_FGSM: AttackType
ATTACK_TYPE_PGD: AttackType
ATTACK_TYPE_APGD_CE: AttackType
ATTACK_TYPE_APGD_T: AttackType
ATTACK_TYPE_SQUARE: AttackType
THREAT_NORM_UNSPECIFIED: ThreatNorm
THREAT_NORM_LINF: ThreatNorm
THREAT_NORM_L2: ThreatNorm

class AttackSpec(_message.Message):
    __slots__ = ("type", "norm", "eps", "steps", "step_size", "restarts", "random_start", "n_queries", "n_target_classes", "p_init")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NORM_FIELD_NUMBER: _ClassVar[int]
    EPS_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    STEP_SIZE_FIELD_NUMBER: _ClassVar[int]
    RESTARTS_FIELD_NUMBER: _ClassVar[int]
    RANDOM_START_FIELD_NUMBER: _ClassVar[int]
    N_QUERIES_FIELD_NUMBER: _ClassVar[int]
    N_TARGET_CLASSES_FIELD_NUMBER: _ClassVar[int]
    P_INIT_FIELD_NUMBER: _ClassVar[int]
    type: AttackType
    norm: ThreatNorm
    eps: float
    steps: int
    step_size: float
    restarts: int
    random_start: bool
    n_queries: int
    n_target_classes: int
    p_init: float
    def __init__(self, type: _Optional[_Union[AttackType, str]] = ..., norm: _Optional[_Union[ThreatNorm, str]] = ..., eps: _Optional[float] = ..., steps: _Optional[int] = ..., step_size: _Optional[float] = ..., restarts: _Optional[int] = ..., random_start: bool = ..., n_queries: _Optional[int] = ..., n_target_classes: _Optional[int] = ..., p_init: _Optional[float] = ...) -> None: ...

class EvaluateRequest(_message.Message):
    __slots__ = ("onnx_model", "model_id", "data", "attacks", "batch_size", "seed", "cascade", "return_adversarial", "preset", "eps", "norm")
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    ATTACKS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    RETURN_ADVERSARIAL_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    EPS_FIELD_NUMBER: _ClassVar[int]
    NORM_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    model_id: str
    data: _dataset_pb2.Dataset
    attacks: _containers.RepeatedCompositeFieldContainer[AttackSpec]
    batch_size: int
    seed: int
    cascade: bool
    return_adversarial: bool
    preset: str
    eps: float
    norm: ThreatNorm
    def __init__(self, onnx_model: _Optional[bytes] = ..., model_id: _Optional[str] = ..., data: _Optional[_Union[_dataset_pb2.Dataset, _Mapping]] = ..., attacks: _Optional[_Iterable[_Union[AttackSpec, _Mapping]]] = ..., batch_size: _Optional[int] = ..., seed: _Optional[int] = ..., cascade: bool = ..., return_adversarial: bool = ..., preset: _Optional[str] = ..., eps: _Optional[float] = ..., norm: _Optional[_Union[ThreatNorm, str]] = ...) -> None: ...

class AttackProgress(_message.Message):
    __slots__ = ("attack", "points_done", "points_total", "robust_so_far")
    ATTACK_FIELD_NUMBER: _ClassVar[int]
    POINTS_DONE_FIELD_NUMBER: _ClassVar[int]
    POINTS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROBUST_SO_FAR_FIELD_NUMBER: _ClassVar[int]
    attack: str
    points_done: int
    points_total: int
    robust_so_far: int
    def __init__(self, attack: _Optional[str] = ..., points_done: _Optional[int] = ..., points_total: _Optional[int] = ..., robust_so_far: _Optional[int] = ...) -> None: ...

class AttackResult(_message.Message):
    __slots__ = ("attack", "type", "clean_accuracy", "robust_accuracy", "n", "seconds", "robust", "adversarial")
    ATTACK_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CLEAN_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    ROBUST_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    ROBUST_FIELD_NUMBER: _ClassVar[int]
    ADVERSARIAL_FIELD_NUMBER: _ClassVar[int]
    attack: str
    type: AttackType
    clean_accuracy: float
    robust_accuracy: float
    n: int
    seconds: float
    robust: _containers.RepeatedScalarFieldContainer[bool]
    adversarial: _tensor_pb2.Tensor
    def __init__(self, attack: _Optional[str] = ..., type: _Optional[_Union[AttackType, str]] = ..., clean_accuracy: _Optional[float] = ..., robust_accuracy: _Optional[float] = ..., n: _Optional[int] = ..., seconds: _Optional[float] = ..., robust: _Optional[_Iterable[bool]] = ..., adversarial: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ...) -> None: ...

class EvaluateCompleted(_message.Message):
    __slots__ = ("clean_accuracy", "robust_accuracy", "results", "flags", "robust", "seconds")
    CLEAN_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    ROBUST_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    ROBUST_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    clean_accuracy: float
    robust_accuracy: float
    results: _containers.RepeatedCompositeFieldContainer[AttackResult]
    flags: _containers.RepeatedScalarFieldContainer[str]
    robust: _containers.RepeatedScalarFieldContainer[bool]
    seconds: float
    def __init__(self, clean_accuracy: _Optional[float] = ..., robust_accuracy: _Optional[float] = ..., results: _Optional[_Iterable[_Union[AttackResult, _Mapping]]] = ..., flags: _Optional[_Iterable[str]] = ..., robust: _Optional[_Iterable[bool]] = ..., seconds: _Optional[float] = ...) -> None: ...
