"""The one exception type every failed normserve call raises."""

from __future__ import annotations

import grpc

__all__ = ["NormserveError", "rpc_error_to_normserve_error"]


class NormserveError(Exception):
    """A gRPC call to the normserve server failed.

    Every stub call the client makes turns :class:`grpc.RpcError` into this exception, raised
    ``from None`` so the traceback shows the client call rather than grpcio internals.

    Parameters
    ----------
    code : grpc.StatusCode
        The call's status, e.g. ``grpc.StatusCode.INVALID_ARGUMENT`` for malformed input,
        ``FAILED_PRECONDITION`` for a valid but unsupported model, ``UNAVAILABLE`` when no server
        answers.
    details : str
        The server's message (names the offending node or field for INVALID_ARGUMENT).
    method : str
        Full method path, e.g. ``"/normserve.v1.NormService/ComputeNorms"``.

    Attributes
    ----------
    code : grpc.StatusCode
    details : str
    method : str
    """

    def __init__(self, code: grpc.StatusCode, details: str, method: str) -> None:
        super().__init__(code, details, method)
        self.code = code
        self.details = details
        self.method = method

    def __str__(self) -> str:
        name = self.code.name if isinstance(self.code, grpc.StatusCode) else str(self.code)
        return f"{self.method} {name}: {self.details}"

    def __repr__(self) -> str:
        return f"NormserveError(code={self.code!r}, details={self.details!r}, method={self.method!r})"


def rpc_error_to_normserve_error(error: grpc.RpcError, method: str) -> NormserveError:
    """Convert a failed call's :class:`grpc.RpcError` (a :class:`grpc.Call`) to a NormserveError.

    Parameters
    ----------
    error : grpc.RpcError
        What grpcio raised.
    method : str
        Full method path of the call.

    Returns
    -------
    NormserveError
    """
    code_fn = getattr(error, "code", None)
    details_fn = getattr(error, "details", None)
    code = code_fn() if callable(code_fn) else grpc.StatusCode.UNKNOWN
    details = details_fn() if callable(details_fn) else str(error)
    return NormserveError(code if code is not None else grpc.StatusCode.UNKNOWN, details or "", method)
