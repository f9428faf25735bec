from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EngineBackend(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENGINE_BACKEND_UNSPECIFIED: _ClassVar[EngineBackend]
    ENGINE_BACKEND_TENSORFLOW: _ClassVar[EngineBackend]
    ENGINE_BACKEND_WASM: _ClassVar[EngineBackend]
    ENGINE_BACKEND_CPU: _ClassVar[EngineBackend]
ENGINE_BACKEND_UNSPECIFIED: EngineBackend
ENGINE_BACKEND_TENSORFLOW: EngineBackend
ENGINE_BACKEND_WASM: EngineBackend
ENGINE_BACKEND_CPU: EngineBackend

class GetInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetInfoResponse(_message.Message):
    __slots__ = ("server_version", "backend", "tf_version", "device", "fallback_reason", "available_backends", "tfjs_version", "threads")
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    TF_VERSION_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_REASON_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_BACKENDS_FIELD_NUMBER: _ClassVar[int]
    TFJS_VERSION_FIELD_NUMBER: _ClassVar[int]
    THREADS_FIELD_NUMBER: _ClassVar[int]
    server_version: str
    backend: EngineBackend
    tf_version: str
    device: str
    fallback_reason: str
    available_backends: _containers.RepeatedScalarFieldContainer[EngineBackend]
    tfjs_version: str
    threads: int
    def __init__(self, server_version: _Optional[str] = ..., backend: _Optional[_Union[EngineBackend, str]] = ..., tf_version: _Optional[str] = ..., device: _Optional[str] = ..., fallback_reason: _Optional[str] = ..., available_backends: _Optional[_Iterable[_Union[EngineBackend, str]]] = ..., tfjs_version: _Optional[str] = ..., threads: _Optional[int] = ...) -> None: ...
