"""The server session that keeps a NormDecay hook's momentum state ``G`` between steps."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import grpc

from normserve_client import NormDecayResponse, NormserveClient, NormserveError

__all__ = ["DecaySession"]


class DecaySession:
    """Opened lazily on the first stateful call, reopened once (with a warning) if the server lost
    it (idle TTL), closed by :meth:`close`.

    Parameters
    ----------
    client : NormserveClient
    timeout : float, optional
        Deadline of the session calls in seconds.
    """

    def __init__(self, client: NormserveClient, timeout: float | None) -> None:
        self._client = client
        self._timeout = timeout
        self.id: str | None = None
        """The live session's id, or None."""

    def call(self, send: Callable[[str], NormDecayResponse], *, stateful: bool) -> NormDecayResponse:
        """``send(session_id)``; a stateful call opens the session first if needed."""
        if stateful and self.id is None:
            self.id = self._client.open_session(timeout=self._timeout).session_id
        try:
            return send(self.id or "")
        except NormserveError as error:
            if error.code != grpc.StatusCode.NOT_FOUND or not self.id:
                raise
            warnings.warn(
                f"NormDecay: session {self.id} is gone ({error.details}); opening a new one, "
                "momentum restarts from zero",
                RuntimeWarning,
                stacklevel=4,
            )
            self.id = self._client.open_session(timeout=self._timeout).session_id
            return send(self.id)

    def close(self) -> None:
        """Close the session on the server (if one is open). Idempotent."""
        session, self.id = self.id, None
        if session:
            self._client.close_session(session, timeout=self._timeout)
