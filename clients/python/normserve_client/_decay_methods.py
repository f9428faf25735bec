"""The norm-decay half of :class:`NormserveClient`: ``NormDecay``, ``ProjectNorms`` and sessions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from normserve_client._decay_request import build_norm_decay_request, build_project_norms_request
from normserve_client._gen.normserve.v1 import norm_decay_pb2, norm_service_pb2_grpc
from normserve_client._request import ModelLike

__all__ = ["NormDecayMethods"]

NORM_DECAY_METHOD = "/normserve.v1.NormService/NormDecay"
PROJECT_NORMS_METHOD = "/normserve.v1.NormService/ProjectNorms"
OPEN_SESSION_METHOD = "/normserve.v1.NormService/OpenSession"
CLOSE_SESSION_METHOD = "/normserve.v1.NormService/CloseSession"


class NormDecayMethods:
    """Mixed into :class:`NormserveClient`, which provides ``_stub`` and ``_invoke``."""

    _stub: norm_service_pb2_grpc.NormServiceStub
    _invoke: Callable[..., Any]

    def norm_decay(
        self,
        model: ModelLike,
        *,
        norm: str | int = "l1",
        beta: float,
        momentum: float = 0.0,
        session_id: str = "",
        conv: bool = True,
        linear: bool = True,
        batch_norm: bool = True,
        gradients: Mapping[str, np.ndarray] | None = None,
        weights: Mapping[str, np.ndarray] | None = None,
        input_shape: Sequence[int] | None = None,
        timeout: float | None = None,
    ) -> norm_decay_pb2.NormDecayResponse:
        """One norm-decay step (the paper's regulariser) for every selected layer of a model.

        Per layer the server finds the maximiser of the layer's norm (L1: an input column, L∞: an
        output row; ties as in :meth:`compute_norms`), sets ``G ← momentum·G`` and then ``G`` on
        the maximiser's weights to ``sign(W)`` there (for batch norm
        ``sign(γ_c)/√(σ²_c+ε)`` at the maximising channel), and returns ``β·G``, or
        ``∇W + β·G`` for the weights whose gradient was sent.

        Parameters
        ----------
        model : str, os.PathLike, bytes, sequence of Layer, or LayerSet
            As in :meth:`compute_norms`. Raw layers' weights are named ``<layer name>.weight``;
            ONNX weights by their initializer names.
        norm : {"l1", "linf"}
            The norm to decay.
        beta : float
            β, the decay strength (finite). ``0`` returns no decay tensors.
        momentum : float
            μ in ``[0, 1]``. With ``μ > 0`` the state ``G`` lives in a session: pass
            ``session_id`` (from :meth:`open_session`), or leave it empty and the server creates
            one and returns its id in the response.
        session_id : str
            The session holding ``G``; ``""`` for none. An unknown or expired id is ``NOT_FOUND``.
        conv, linear, batch_norm : bool
            Which kinds of layers to regularise (the paper's flags); at least one must be True.
        gradients : mapping of str to numpy.ndarray, optional
            Current gradients ``∇W`` keyed by weight name, each shaped like its weight
            (float16/32/64).
        weights : mapping of str to numpy.ndarray, optional
            ONNX models only: new values for initializers (weights, batch-norm variances).
        input_shape : sequence of int, optional
            ONNX models only: overrides the graph input's shape, batch included.
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        NormDecayResponse
            ``layers``: one ``LayerDecay`` per regularised layer with ``node_name``,
            ``weight_name``, ``kind``, ``norm_before``, ``maximiser``, ``decay`` (a ``Tensor``
            shaped like the weight; decode it with :func:`tensor_to_array`; unset when ``β·G`` is
            zero) and ``includes_gradient``; ``session_id``; ``timing``.

        Raises
        ------
        NormserveError
            The call failed: ``INVALID_ARGUMENT`` (bad tensors, unknown gradient names),
            ``NOT_FOUND`` (expired session), ``RESOURCE_EXHAUSTED`` (session cap), ...
        TypeError, ValueError, OSError
            Bad arguments, found before anything is sent.
        """
        request = build_norm_decay_request(
            model,
            norm=norm,
            beta=beta,
            momentum=momentum,
            session_id=session_id,
            kinds=(conv, linear, batch_norm),
            gradients=gradients,
            weights=weights,
            input_shape=input_shape,
        )
        return self._invoke(self._stub.NormDecay, request, NORM_DECAY_METHOD, timeout)

    def project_norms(
        self,
        model: ModelLike,
        *,
        norm: str | int = "l1",
        radius: float,
        mode: str = "maximiser",
        max_iterations: int | None = None,
        tolerance: float | None = None,
        conv: bool = True,
        linear: bool = True,
        batch_norm: bool = True,
        weights: Mapping[str, np.ndarray] | None = None,
        input_shape: Sequence[int] | None = None,
        timeout: float | None = None,
    ) -> norm_decay_pb2.ProjectNormsResponse:
        """Project the selected layers' weights into (or toward) the norm ball ``{‖T‖ ≤ radius}``.

        Parameters
        ----------
        model : str, os.PathLike, bytes, sequence of Layer, or LayerSet
            As in :meth:`compute_norms`.
        norm : {"l1", "linf"}
            The norm to bound.
        radius : float
            r, finite and ``>= 0``.
        mode : {"maximiser", "all"}
            ``"maximiser"`` (the paper) puts only the maximising row/column onto the L1 ball of
            radius r; ``"all"`` projects every row/column above r (the exact Euclidean
            projection where they are disjoint; iterated for conv L1, see ``exact``).
        max_iterations : int, optional
            Iterative projection: dual sweeps per block at most (server default 1000).
        tolerance : float, optional
            Iterative projection: relative tolerance (server default 1e-12).
        conv, linear, batch_norm : bool
            Which kinds of layers to project; at least one must be True.
        weights : mapping of str to numpy.ndarray, optional
            ONNX models only: new values for initializers.
        input_shape : sequence of int, optional
            ONNX models only: overrides the graph input's shape, batch included.
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        ProjectNormsResponse
            ``layers``: one ``LayerProjection`` per selected layer with ``node_name``,
            ``weight_name``, ``kind``, ``weight`` (the projected ``Tensor``, unset when
            unchanged; see :func:`tensor_to_array`), ``changed``, ``norm_before``, ``norm_after``,
            ``maximiser``, ``exact``, ``converged``, ``iterations``; ``timing``.

        Raises
        ------
        NormserveError
            The call failed.
        TypeError, ValueError, OSError
            Bad arguments, found before anything is sent.
        """
        request = build_project_norms_request(
            model,
            norm=norm,
            radius=radius,
            mode=mode,
            max_iterations=max_iterations,
            tolerance=tolerance,
            kinds=(conv, linear, batch_norm),
            weights=weights,
            input_shape=input_shape,
        )
        return self._invoke(self._stub.ProjectNorms, request, PROJECT_NORMS_METHOD, timeout)

    def open_session(self, *, timeout: float | None = None) -> norm_decay_pb2.OpenSessionResponse:
        """Open an empty norm-decay session that holds the momentum state ``G`` between calls.

        Parameters
        ----------
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        OpenSessionResponse
            ``session_id`` (pass it to :meth:`norm_decay`) and ``idle_ttl_seconds`` (the session
            expires after that long without a ``NormDecay`` call).

        Raises
        ------
        NormserveError
            The call failed, e.g. ``RESOURCE_EXHAUSTED`` when the server's session cap is reached.
        """
        request = norm_decay_pb2.OpenSessionRequest()
        return self._invoke(self._stub.OpenSession, request, OPEN_SESSION_METHOD, timeout)

    def close_session(self, session_id: str, *, timeout: float | None = None) -> bool:
        """Close a norm-decay session and free its state. Idempotent.

        Parameters
        ----------
        session_id : str
            The session to drop.
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        bool
            True when a live session was closed, False when none had that id (unknown, expired
            or already closed).

        Raises
        ------
        NormserveError
            The call failed.
        TypeError
            ``session_id`` is not a str.
        """
        if not isinstance(session_id, str):
            raise TypeError(f"close_session: session_id must be a str, got {session_id!r}")
        request = norm_decay_pb2.CloseSessionRequest(session_id=session_id)
        return self._invoke(self._stub.CloseSession, request, CLOSE_SESSION_METHOD, timeout).closed
