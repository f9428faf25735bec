from normserve_client._gen.normserve.v1 import evaluate_pb2 as _evaluate_pb2
from normserve_client._gen.normserve.v1 import train_pb2 as _train_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_QUEUED: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_SUCCEEDED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]
    JOB_STATE_INTERRUPTED: _ClassVar[JobState]

class JobKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_KIND_UNSPECIFIED: _ClassVar[JobKind]
    JOB_KIND_TRAIN: _ClassVar[JobKind]
    JOB_KIND_EVALUATE: _ClassVar[JobKind]
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_QUEUED: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_SUCCEEDED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState
JOB_STATE_INTERRUPTED: JobState
JOB_KIND_UNSPECIFIED: JobKind
JOB_KIND_TRAIN: JobKind
JOB_KIND_EVALUATE: JobKind

class JobStarted(_message.Message):
    __slots__ = ("job_id", "kind", "backend", "total_steps", "resumed_from", "start_step")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    TOTAL_STEPS_FIELD_NUMBER: _ClassVar[int]
    RESUMED_FROM_FIELD_NUMBER: _ClassVar[int]
    START_STEP_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: JobKind
    backend: str
    total_steps: int
    resumed_from: str
    start_step: int
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[_Union[JobKind, str]] = ..., backend: _Optional[str] = ..., total_steps: _Optional[int] = ..., resumed_from: _Optional[str] = ..., start_step: _Optional[int] = ...) -> None: ...

class JobQueued(_message.Message):
    __slots__ = ("position",)
    POSITION_FIELD_NUMBER: _ClassVar[int]
    position: int
    def __init__(self, position: _Optional[int] = ...) -> None: ...

class JobEnded(_message.Message):
    __slots__ = ("state", "message")
    STATE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    state: JobState
    message: str
    def __init__(self, state: _Optional[_Union[JobState, str]] = ..., message: _Optional[str] = ...) -> None: ...

class JobEvent(_message.Message):
    __slots__ = ("job_id", "sequence", "started", "progress", "norms", "epoch", "train_completed", "attack_progress", "attack_result", "evaluate_completed", "queued", "ended")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    NORMS_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    TRAIN_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    ATTACK_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    ATTACK_RESULT_FIELD_NUMBER: _ClassVar[int]
    EVALUATE_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    sequence: int
    started: JobStarted
    progress: _train_pb2.TrainProgress
    norms: _train_pb2.NormSnapshot
    epoch: _train_pb2.EpochSummary
    train_completed: _train_pb2.TrainCompleted
    attack_progress: _evaluate_pb2.AttackProgress
    attack_result: _evaluate_pb2.AttackResult
    evaluate_completed: _evaluate_pb2.EvaluateCompleted
    queued: JobQueued
    ended: JobEnded
    def __init__(self, job_id: _Optional[str] = ..., sequence: _Optional[int] = ..., started: _Optional[_Union[JobStarted, _Mapping]] = ..., progress: _Optional[_Union[_train_pb2.TrainProgress, _Mapping]] = ..., norms: _Optional[_Union[_train_pb2.NormSnapshot, _Mapping]] = ..., epoch: _Optional[_Union[_train_pb2.EpochSummary, _Mapping]] = ..., train_completed: _Optional[_Union[_train_pb2.TrainCompleted, _Mapping]] = ..., attack_progress: _Optional[_Union[_evaluate_pb2.AttackProgress, _Mapping]] = ..., attack_result: _Optional[_Union[_evaluate_pb2.AttackResult, _Mapping]] = ..., evaluate_completed: _Optional[_Union[_evaluate_pb2.EvaluateCompleted, _Mapping]] = ..., queued: _Optional[_Union[JobQueued, _Mapping]] = ..., ended: _Optional[_Union[JobEnded, _Mapping]] = ...) -> None: ...

class JobInfo(_message.Message):
    __slots__ = ("job_id", "kind", "state", "created_at_ms", "started_at_ms", "finished_at_ms", "step", "total_steps", "queue_position", "message", "last_sequence", "backend", "has_model", "resumed_from")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    TOTAL_STEPS_FIELD_NUMBER: _ClassVar[int]
    QUEUE_POSITION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    HAS_MODEL_FIELD_NUMBER: _ClassVar[int]
    RESUMED_FROM_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: JobKind
    state: JobState
    created_at_ms: int
    started_at_ms: int
    finished_at_ms: int
    step: int
    total_steps: int
    queue_position: int
    message: str
    last_sequence: int
    backend: str
    has_model: bool
    resumed_from: str
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[_Union[JobKind, str]] = ..., state: _Optional[_Union[JobState, str]] = ..., created_at_ms: _Optional[int] = ..., started_at_ms: _Optional[int] = ..., finished_at_ms: _Optional[int] = ..., step: _Optional[int] = ..., total_steps: _Optional[int] = ..., queue_position: _Optional[int] = ..., message: _Optional[str] = ..., last_sequence: _Optional[int] = ..., backend: _Optional[str] = ..., has_model: bool = ..., resumed_from: _Optional[str] = ...) -> None: ...

class WatchJobRequest(_message.Message):
    __slots__ = ("job_id", "after_sequence")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    after_sequence: int
    def __init__(self, job_id: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class CancelJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: JobInfo
    def __init__(self, job: _Optional[_Union[JobInfo, _Mapping]] = ...) -> None: ...

class GetJobRequest(_message.Message):
    __slots__ = ("job_id", "include_model")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_MODEL_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    include_model: bool
    def __init__(self, job_id: _Optional[str] = ..., include_model: bool = ...) -> None: ...

class GetJobResponse(_message.Message):
    __slots__ = ("job", "onnx_model")
    JOB_FIELD_NUMBER: _ClassVar[int]
    ONNX_MODEL_FIELD_NUMBER: _ClassVar[int]
    job: JobInfo
    onnx_model: bytes
    def __init__(self, job: _Optional[_Union[JobInfo, _Mapping]] = ..., onnx_model: _Optional[bytes] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ("kind", "state")
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    kind: JobKind
    state: JobState
    def __init__(self, kind: _Optional[_Union[JobKind, str]] = ..., state: _Optional[_Union[JobState, str]] = ...) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[JobInfo]
    def __init__(self, jobs: _Optional[_Iterable[_Union[JobInfo, _Mapping]]] = ...) -> None: ...
