"""Typed job events: a small wrapper over the generated ``JobEvent`` message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import grpc

from normserve_client._errors import rpc_error_to_normserve_error
from normserve_client._gen.normserve.v1 import jobs_pb2

__all__ = ["Event", "Preset", "event_stream", "standard"]


@dataclass(frozen=True)
class Event:
    """One event of a Train or Evaluate job.

    Attributes
    ----------
    kind : str
        Which event: ``"started"``, ``"queued"``, ``"progress"``, ``"norms"``, ``"epoch"``,
        ``"train_completed"``, ``"attack_progress"``, ``"attack_result"``,
        ``"evaluate_completed"`` or ``"ended"``.
    job_id : str
        The job.
    sequence : int
        Position in the job's event log (1, 2, …): pass it to ``watch(job_id, after_sequence=…)``.
    data : protobuf message
        The event's message (``JobStarted``, ``TrainProgress``, ``NormSnapshot``,
        ``EpochSummary``, ``TrainCompleted``, ``AttackProgress``, ``AttackResult``,
        ``EvaluateCompleted``, ``JobQueued`` or ``JobEnded``); its fields are also readable on the
        event itself (``event.loss``).
    """

    kind: str
    job_id: str
    sequence: int
    data: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.data, name)

    @classmethod
    def from_message(cls, message: jobs_pb2.JobEvent) -> Event:
        """Wrap a generated ``JobEvent``."""
        kind = message.WhichOneof("event") or ""
        return cls(kind, message.job_id, int(message.sequence), getattr(message, kind) if kind else None)


@dataclass(frozen=True)
class Preset:
    """An attack preset for :meth:`NormserveClient.evaluate` (see :func:`standard`)."""

    name: str
    eps: float
    norm: str = "linf"


def standard(eps: float, norm: str = "linf") -> Preset:
    """AutoAttack's *standard* attacks without FAB-T: the server preset ``"standard-nofab"``.

    APGD-CE (100 iterations), APGD-T (100 iterations, 9 target classes) and Square (5000 queries,
    p_init 0.8). FAB-T is missing, so the numbers are not AutoAttack's "standard" ones (FAB-T
    rarely changes them, but it can).

    Parameters
    ----------
    eps : float
        Radius of the threat model (> 0).
    norm : {"linf", "l2"}
        The threat model's norm.

    Returns
    -------
    Preset
        Pass it as ``attacks=`` to :meth:`NormserveClient.evaluate`.
    """
    if not eps > 0:
        raise ValueError(f"standard: eps must be > 0, got {eps!r}")
    if norm not in ("linf", "l2"):
        raise ValueError(f"standard: norm must be 'linf' or 'l2', got {norm!r}")
    return Preset("standard-nofab", float(eps), norm)


def event_stream(call: Any, method: str) -> Iterator[Event]:
    """Iterate a server-streaming call as :class:`Event`\\ s; a failure raises NormserveError.

    Closing the generator (``break``) cancels the call; the job keeps running on the server.
    """
    try:
        for message in call:
            yield Event.from_message(message)
    except grpc.RpcError as error:
        raise rpc_error_to_normserve_error(error, method) from None
    finally:
        call.cancel()
