"""``grpc.health.v1.Health/Check`` without generated health stubs.

grpcio-health-checking is not a dependency, so the two tiny messages are encoded and decoded by
hand (protobuf wire format):

- ``HealthCheckRequest {string service = 1;}``: empty for the whole server, otherwise tag ``0x0a``,
  a varint length and the UTF-8 name.
- ``HealthCheckResponse {ServingStatus status = 1;}``: tag ``0x08`` and a varint, so ``b"\\x08\\x01"``
  is SERVING; an empty message is the proto3 default, UNKNOWN.
"""

from __future__ import annotations

__all__ = ["HEALTH_CHECK_METHOD", "decode_health_response", "encode_health_request"]

HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check"

_SERVING_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def encode_health_request(service: str) -> bytes:
    """Serialize ``HealthCheckRequest(service=service)``."""
    if not service:
        return b""
    name = service.encode("utf-8")
    return b"\x0a" + _encode_varint(len(name)) + name


def decode_health_response(data: bytes) -> str:
    """Parse a ``HealthCheckResponse`` and return its status name, e.g. ``"SERVING"``.

    Unknown fields are skipped; an unknown enum value comes back as ``"UNKNOWN(<n>)"``.

    Raises
    ------
    ValueError
        When the bytes are not a well-formed protobuf message.
    """
    status = 0
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _read_varint(data, pos)
            if field == 1:
                status = value
        elif wire_type == 1:
            pos += 8
        elif wire_type == 2:
            length, pos = _read_varint(data, pos)
            pos += length
        elif wire_type == 5:
            pos += 4
        else:
            raise ValueError(f"HealthCheckResponse: unsupported wire type {wire_type}")
        if pos > len(data):
            raise ValueError("HealthCheckResponse: truncated")
    return _SERVING_STATUS.get(status, f"UNKNOWN({status})")


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, pos: int):
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("HealthCheckResponse: truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 64:
            raise ValueError("HealthCheckResponse: varint too long")
