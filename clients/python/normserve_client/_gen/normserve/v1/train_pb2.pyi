from normserve_client._gen.normserve.v1 import compute_norms_pb2 as _compute_norms_pb2
from normserve_client._gen.normserve.v1 import dataset_pb2 as _dataset_pb2
from normserve_client._gen.normserve.v1 import evaluate_pb2 as _evaluate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LrSchedule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LR_SCHEDULE_UNSPECIFIED: _ClassVar[LrSchedule]
    LR_SCHEDULE_CONSTANT: _ClassVar[LrSchedule]
    LR_SCHEDULE_STEP: _ClassVar[LrSchedule]
    LR_SCHEDULE_COSINE: _ClassVar[LrSchedule]
LR_SCHEDULE_UNSPECIFIED: LrSchedule
LR_SCHEDULE_CONSTANT: LrSchedule
LR_SCHEDULE_STEP: LrSchedule
LR_SCHEDULE_COSINE: LrSchedule

class ZooModel(_message.Message):
    __slots__ = ("name", "width", "classes", "input_shape", "seed")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    CLASSES_FIELD_NUMBER: _ClassVar[int]
    INPUT_SHAPE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    name: str
    width: float
    classes: int
    input_shape: _containers.RepeatedScalarFieldContainer[int]
    seed: int
    def __init__(self, name: _Optional[str] = ..., width: _Optional[float] = ..., classes: _Optional[int] = ..., input_shape: _Optional[_Iterable[int]] = ..., seed: _Optional[int] = ...) -> None: ...

class Optimizer(_message.Message):
    __slots__ = ("learning_rate", "momentum", "weight_decay", "nesterov", "schedule", "step_epochs", "step_gamma", "step_milestones")
    LEARNING_RATE_FIELD_NUMBER: _ClassVar[int]
    MOMENTUM_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_DECAY_FIELD_NUMBER: _ClassVar[int]
    NESTEROV_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    STEP_EPOCHS_FIELD_NUMBER: _ClassVar[int]
    STEP_GAMMA_FIELD_NUMBER: _ClassVar[int]
    STEP_MILESTONES_FIELD_NUMBER: _ClassVar[int]
    learning_rate: float
    momentum: float
    weight_decay: float
    nesterov: bool
    schedule: LrSchedule
    step_epochs: int
    step_gamma: float
    step_milestones: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, learning_rate: _Optional[float] = ..., momentum: _Optional[float] = ..., weight_decay: _Optional[float] = ..., nesterov: bool = ..., schedule: _Optional[_Union[LrSchedule, str]] = ..., step_epochs: _Optional[int] = ..., step_gamma: _Optional[float] = ..., step_milestones: _Optional[_Iterable[int]] = ...) -> None: ...

class NormDecay(_message.Message):
    __slots__ = ("norm", "beta", "momentum", "conv", "linear", "bn")
    NORM_FIELD_NUMBER: _ClassVar[int]
    BETA_FIELD_NUMBER: _ClassVar[int]
    MOMENTUM_FIELD_NUMBER: _ClassVar[int]
    CONV_FIELD_NUMBER: _ClassVar[int]
    LINEAR_FIELD_NUMBER: _ClassVar[int]
    BN_FIELD_NUMBER: _ClassVar[int]
    norm: _compute_norms_pb2.NormType
    beta: float
    momentum: float
    conv: bool
    linear: bool
    bn: bool
    def __init__(self, norm: _Optional[_Union[_compute_norms_pb2.NormType, str]] = ..., beta: _Optional[float] = ..., momentum: _Optional[float] = ..., conv: bool = ..., linear: bool = ..., bn: bool = ...) -> None: ...

class Svc(_message.Message):
    __slots__ = ("clip_to", "every_steps")
    CLIP_TO_FIELD_NUMBER: _ClassVar[int]
    EVERY_STEPS_FIELD_NUMBER: _ClassVar[int]
    clip_to: float
    every_steps: int
    def __init__(self, clip_to: _Optional[float] = ..., every_steps: _Optional[int] = ...) -> None: ...

class BnProjection(_message.Message):
    __slots__ = ("radius",)
    RADIUS_FIELD_NUMBER: _ClassVar[int]
    radius: float
    def __init__(self, radius: _Optional[float] = ...) -> None: ...

class Augmentation(_message.Message):
    __slots__ = ("crop_padding", "horizontal_flip")
    CROP_PADDING_FIELD_NUMBER: _ClassVar[int]
    HORIZONTAL_FLIP_FIELD_NUMBER: _ClassVar[int]
    crop_padding: int
    horizontal_flip: bool
    def __init__(self, crop_padding: _Optional[int] = ..., horizontal_flip: bool = ...) -> None: ...

class TrainRequest(_message.Message):
    __slots__ = ("onnx_model", "zoo", "train_data", "test_data", "epochs", "batch_size", "optimizer", "norm_decay", "svc", "bn_projection", "adversarial", "augmentation", "seed", "norms_every_steps", "progress_every_steps", "resume_from")
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    ZOO_FIELD_NUMBER: _ClassVar[int]
    TRAIN_DATA_FIELD_NUMBER: _ClassVar[int]
    TEST_DATA_FIELD_NUMBER: _ClassVar[int]
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    OPTIMIZER_FIELD_NUMBER: _ClassVar[int]
    NORM_DECAY_FIELD_NUMBER: _ClassVar[int]
    SVC_FIELD_NUMBER: _ClassVar[int]
    BN_PROJECTION_FIELD_NUMBER: _ClassVar[int]
    ADVERSARIAL_FIELD_NUMBER: _ClassVar[int]
    AUGMENTATION_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    NORMS_EVERY_STEPS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_EVERY_STEPS_FIELD_NUMBER: _ClassVar[int]
    RESUME_FROM_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    zoo: ZooModel
    train_data: _dataset_pb2.Dataset
    test_data: _dataset_pb2.Dataset
    epochs: int
    batch_size: int
    optimizer: Optimizer
    norm_decay: NormDecay
    svc: Svc
    bn_projection: BnProjection
    adversarial: _evaluate_pb2.AttackSpec
    augmentation: Augmentation
    seed: int
    norms_every_steps: int
    progress_every_steps: int
    resume_from: str
    def __init__(self, onnx_model: _Optional[bytes] = ..., zoo: _Optional[_Union[ZooModel, _Mapping]] = ..., train_data: _Optional[_Union[_dataset_pb2.Dataset, _Mapping]] = ..., test_data: _Optional[_Union[_dataset_pb2.Dataset, _Mapping]] = ..., epochs: _Optional[int] = ..., batch_size: _Optional[int] = ..., optimizer: _Optional[_Union[Optimizer, _Mapping]] = ..., norm_decay: _Optional[_Union[NormDecay, _Mapping]] = ..., svc: _Optional[_Union[Svc, _Mapping]] = ..., bn_projection: _Optional[_Union[BnProjection, _Mapping]] = ..., adversarial: _Optional[_Union[_evaluate_pb2.AttackSpec, _Mapping]] = ..., augmentation: _Optional[_Union[Augmentation, _Mapping]] = ..., seed: _Optional[int] = ..., norms_every_steps: _Optional[int] = ..., progress_every_steps: _Optional[int] = ..., resume_from: _Optional[str] = ...) -> None: ...

class TrainProgress(_message.Message):
    __slots__ = ("epoch", "step", "loss", "accuracy", "learning_rate", "examples_per_second")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    LOSS_FIELD_NUMBER: _ClassVar[int]
    ACCURACY_FIELD_NUMBER: _ClassVar[int]
    LEARNING_RATE_FIELD_NUMBER: _ClassVar[int]
    EXAMPLES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    step: int
    loss: float
    accuracy: float
    learning_rate: float
    examples_per_second: float
    def __init__(self, epoch: _Optional[int] = ..., step: _Optional[int] = ..., loss: _Optional[float] = ..., accuracy: _Optional[float] = ..., learning_rate: _Optional[float] = ..., examples_per_second: _Optional[float] = ...) -> None: ...

class NormSnapshot(_message.Message):
    __slots__ = ("step", "layers")
    STEP_FIELD_NUMBER: _ClassVar[int]
    LAYERS_FIELD_NUMBER: _ClassVar[int]
    step: int
    layers: _containers.RepeatedCompositeFieldContainer[_compute_norms_pb2.LayerNorms]
    def __init__(self, step: _Optional[int] = ..., layers: _Optional[_Iterable[_Union[_compute_norms_pb2.LayerNorms, _Mapping]]] = ...) -> None: ...

class EpochSummary(_message.Message):
    __slots__ = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    TRAIN_LOSS_FIELD_NUMBER: _ClassVar[int]
    TRAIN_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    TEST_LOSS_FIELD_NUMBER: _ClassVar[int]
    TEST_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    seconds: float
    def __init__(self, epoch: _Optional[int] = ..., train_loss: _Optional[float] = ..., train_accuracy: _Optional[float] = ..., test_loss: _Optional[float] = ..., test_accuracy: _Optional[float] = ..., seconds: _Optional[float] = ...) -> None: ...

class TrainCompleted(_message.Message):
    __slots__ = ("onnx_model", "epochs", "final_norms", "seconds")
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    FINAL_NORMS_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    onnx_model: bytes
    epochs: _containers.RepeatedCompositeFieldContainer[EpochSummary]
    final_norms: _containers.RepeatedCompositeFieldContainer[_compute_norms_pb2.LayerNorms]
    seconds: float
    def __init__(self, onnx_model: _Optional[bytes] = ..., epochs: _Optional[_Iterable[_Union[EpochSummary, _Mapping]]] = ..., final_norms: _Optional[_Iterable[_Union[_compute_norms_pb2.LayerNorms, _Mapping]]] = ..., seconds: _Optional[float] = ...) -> None: ...
