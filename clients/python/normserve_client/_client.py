"""``NormserveClient``: a small synchronous wrapper over the generated ``NormService`` stub."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import grpc

from normserve_client._decay_methods import NormDecayMethods
from normserve_client._errors import NormserveError, rpc_error_to_normserve_error
from normserve_client._gen.normserve.v1 import compute_norms_pb2, get_info_pb2, norm_service_pb2_grpc
from normserve_client._health import HEALTH_CHECK_METHOD, decode_health_response, encode_health_request
from normserve_client._job_methods import JobMethods
from normserve_client._request import ModelLike, build_compute_norms_request
from normserve_client._spectral_methods import SpectralMethods

__all__ = ["NormserveClient"]

COMPUTE_NORMS_METHOD = "/normserve.v1.NormService/ComputeNorms"
GET_INFO_METHOD = "/normserve.v1.NormService/GetInfo"
_DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024


class NormserveClient(NormDecayMethods, SpectralMethods, JobMethods):
    """Client of ``normserve.v1.NormService`` over an insecure (plaintext) channel.

    Use it as a context manager, or call :meth:`close` when done::

        with NormserveClient("127.0.0.1:50051") as client:
            result = client.compute_norms("model.onnx")

    Parameters
    ----------
    address : str
        ``host:port`` of the server.
    max_message_bytes : int
        Largest message either way (default 512 MiB, the server's default; ResNet-50-sized ONNX
        files fit).
    timeout : float, optional
        Default deadline of every call in seconds; ``None`` waits indefinitely.

    Notes
    -----
    Methods: :meth:`compute_norms`, :meth:`norm_decay`, :meth:`project_norms`,
    :meth:`open_session`, :meth:`close_session`, :meth:`clip_singular_values`, :meth:`get_info`,
    :meth:`health`, and the jobs: :meth:`train`, :meth:`evaluate`, :meth:`watch`, :meth:`cancel`,
    :meth:`get_job` and :meth:`list_jobs`. Every call that fails raises :class:`NormserveError` (from ``None``), never
    :class:`grpc.RpcError`.
    """

    def __init__(
        self,
        address: str = "127.0.0.1:50051",
        *,
        max_message_bytes: int = _DEFAULT_MAX_MESSAGE_BYTES,
        timeout: float | None = None,
    ) -> None:
        self._address = address
        self._timeout = timeout
        self._channel = grpc.insecure_channel(
            address,
            options=[
                ("grpc.max_send_message_length", int(max_message_bytes)),
                ("grpc.max_receive_message_length", int(max_message_bytes)),
            ],
        )
        self._stub = norm_service_pb2_grpc.NormServiceStub(self._channel)
        self._health_check = self._channel.unary_unary(
            HEALTH_CHECK_METHOD,
            request_serializer=encode_health_request,
            response_deserializer=lambda data: data,
        )

    @property
    def address(self) -> str:
        """The server address this client talks to."""
        return self._address

    @property
    def stub(self) -> norm_service_pb2_grpc.NormServiceStub:
        """The generated stub on this client's channel, for requests the wrapper does not build.

        Calls made through it raise :class:`grpc.RpcError`, not :class:`NormserveError`.
        """
        return self._stub

    def compute_norms(
        self,
        model: ModelLike,
        *,
        norms: Iterable[str | int] = ("l1", "linf"),
        input_shape: Sequence[int] | None = None,
        conv_l2_method: str | int | None = None,
        l2_max_iterations: int | None = None,
        timeout: float | None = None,
    ) -> compute_norms_pb2.ComputeNormsResponse:
        """Exact operator norms of every linear layer of a model.

        Parameters
        ----------
        model : str, os.PathLike, bytes, bytearray, memoryview, sequence of Layer, or LayerSet
            A path to an ONNX file (read here and sent as bytes), a serialized ONNX ``ModelProto``
            with embedded weights, or raw layers built with :func:`conv_layer`,
            :func:`conv_transpose_layer`, :func:`linear_layer` and :func:`batch_norm_layer` (read as
            a chain: layer ``i`` feeds layer ``i + 1``; a single ``Layer`` is accepted too).
        norms : iterable of {"l1", "linf", "l2"}
            Norms to compute (``NormType`` values are accepted too); empty means L1 and L∞.
        input_shape : sequence of int, optional
            ONNX models only: overrides the graph input's shape, batch included, e.g.
            ``(1, 3, 224, 224)``.
        conv_l2_method : {"power-iteration", "gram-iteration-bound", "exact-circular"}, optional
            With ``"l2"``: how conv layers get ``l2``. Default (``None``): the power-iteration
            estimate as ``l2`` and the Gram-iteration upper bound as ``l2_upper_bound``.
        l2_max_iterations : int, optional
            With ``"l2"``: the power iteration's iteration cap (server default 100).
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        ComputeNormsResponse
            The generated ``normserve.v1.ComputeNormsResponse`` message:

            ``layers`` : repeated ``LayerNorms``, one per linear layer in graph order, with
                ``node_name``, ``op_type`` (Conv, ConvTranspose, Gemm, MatMul, BatchNormalization),
                ``weight_name``, ``kind`` (``LayerKind``), ``input_shape`` and ``output_shape``
                (batch excluded), ``l1`` and ``linf`` (optional doubles, set when asked for; test
                with ``HasField("l1")``), ``l2`` with ``l2_method`` (``L2Method``: ``EXACT``
                for linear and batch-norm layers; for convs by default ``POWER_ITERATION``, an
                estimate from below with ``l2_iterations`` and ``l2_residual``),
                ``l2_upper_bound`` (convs: the Gram-iteration bound), and ``l1_maximiser`` / ``linf_maximiser``
                (``channel`` and spatial ``position`` of the input column resp. output row whose
                abs sum is the norm; ties go to the lowest channel, then the lowest row-major
                position).
            ``network`` : repeated ``NetworkNorm``, one per requested norm: ``norm``, ``product``
                (product of all layer norms), ``lipschitz_bound`` (optional; a bound propagated
                through the graph, absent when an op's constant is unknown), ``is_chain`` and
                ``note``.
            ``timing`` : ``Timing`` with the server's ``parse_ms`` and ``compute_ms``.

        Raises
        ------
        NormserveError
            The call failed: ``INVALID_ARGUMENT`` for malformed input (truncated ONNX, NaN weights,
            bad dims), ``FAILED_PRECONDITION`` for unsupported models, ``RESOURCE_EXHAUSTED`` for
            messages over the size limit, ``UNAVAILABLE`` when no server answers, ...
        TypeError
            ``model`` is of an unsupported type, or a layer entry is not a ``Layer``.
        ValueError
            Unknown norm name, an empty model, or ``input_shape`` given with raw layers.
        OSError
            ``model`` is a path that cannot be read.
        """
        request = build_compute_norms_request(model, norms, input_shape, conv_l2_method, l2_max_iterations)
        return self._invoke(self._stub.ComputeNorms, request, COMPUTE_NORMS_METHOD, timeout)

    def get_info(self, *, timeout: float | None = None) -> get_info_pb2.GetInfoResponse:
        """The server's version and its compute engine.

        Parameters
        ----------
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        GetInfoResponse
            ``server_version``, ``backend`` (an :class:`EngineBackend`: tensorflow, wasm or cpu),
            ``tf_version`` (empty unless native TensorFlow), ``device`` (``"cpu"`` or
            ``"gpu:<name>"``), ``fallback_reason`` (why faster backends were skipped),
            ``available_backends``, ``tfjs_version`` and ``threads``.

        Raises
        ------
        NormserveError
            The call failed (e.g. ``UNAVAILABLE`` when no server answers).
        """
        return self._invoke(self._stub.GetInfo, get_info_pb2.GetInfoRequest(), GET_INFO_METHOD, timeout)

    def health(self, service: str = "", *, timeout: float | None = None) -> str:
        """The server's ``grpc.health.v1`` status.

        Parameters
        ----------
        service : str
            Service to ask about; ``""`` (default) is the server as a whole, and
            ``"normserve.v1.NormService"`` the norm service.
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        str
            ``"SERVING"``, ``"NOT_SERVING"``, ``"SERVICE_UNKNOWN"`` or ``"UNKNOWN"``.

        Raises
        ------
        NormserveError
            The call failed (e.g. ``NOT_FOUND`` for a service the server does not know,
            ``UNAVAILABLE`` when no server answers).
        """
        data = self._invoke(self._health_check, service, HEALTH_CHECK_METHOD, timeout)
        try:
            return decode_health_response(data)
        except ValueError as error:
            raise NormserveError(grpc.StatusCode.INTERNAL, str(error), HEALTH_CHECK_METHOD) from None

    def close(self) -> None:
        """Close the channel; later calls fail."""
        self._channel.close()

    def __enter__(self) -> NormserveClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"NormserveClient({self._address!r})"

    def _invoke(self, method_callable, request, method: str, timeout: float | None):
        try:
            return method_callable(request, timeout=self._timeout if timeout is None else timeout)
        except grpc.RpcError as error:
            raise rpc_error_to_normserve_error(error, method) from None
