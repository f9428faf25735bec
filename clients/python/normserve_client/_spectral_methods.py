"""The spectral half of :class:`NormserveClient`: ``ClipSingularValues``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from normserve_client._gen.normserve.v1 import clip_singular_values_pb2, norm_service_pb2_grpc
from normserve_client._request import ModelLike, fill_input_shape, fill_model

__all__ = ["SpectralMethods"]

CLIP_SINGULAR_VALUES_METHOD = "/normserve.v1.NormService/ClipSingularValues"


class SpectralMethods:
    """Mixed into :class:`NormserveClient`, which provides ``_stub`` and ``_invoke``."""

    _stub: norm_service_pb2_grpc.NormServiceStub
    _invoke: Callable[..., Any]

    def clip_singular_values(
        self,
        model: ModelLike,
        *,
        clip_to: float,
        node_names: Sequence[str] | None = None,
        input_shape: Sequence[int] | None = None,
        timeout: float | None = None,
    ) -> clip_singular_values_pb2.ClipSingularValuesResponse:
        """Singular value clipping (SVC, Sedghi, Gupta & Long 2019) of a model's conv layers.

        Each ``Conv`` (a ``ConvTranspose`` through its adjoint conv) is read as the circular-padding
        operator on its input size (strides by polyphase decomposition, groups, dilation): every
        singular value above ``clip_to`` becomes ``clip_to``, and the kernel is brought back to its
        k×k support. The largest singular value of the returned kernel is then recomputed.

        Parameters
        ----------
        model : str, os.PathLike, bytes, sequence of Layer, or LayerSet
            As in :meth:`compute_norms`; raw conv layers need their ``input_shape``.
        clip_to : float
            The threshold (finite, ``> 0``).
        node_names : sequence of str, optional
            Layers to clip by node name (raw layers: their name), each a Conv or ConvTranspose;
            default every conv layer (other layers are left out).
        input_shape : sequence of int, optional
            ONNX models only: overrides the graph input's shape, batch included.
        timeout : float, optional
            Deadline in seconds; defaults to the client's ``timeout``.

        Returns
        -------
        ClipSingularValuesResponse
            ``layers``: one ``ClippedLayer`` per clipped layer in graph order with ``node_name``,
            ``weight_name``, ``kind``, ``weight`` (the clipped kernel as a ``Tensor`` in the shape and
            dtype sent — decode it with :func:`tensor_to_array`), ``sigma_max_before``,
            ``sigma_max_after`` (of the returned kernel, recomputed; ``<= clip_to`` when the kernel
            covers the whole grid), ``projection_shift`` (``sigma_max_after − min(sigma_max_before,
            clip_to)``: how far keeping the k×k support moved σ_max), ``changed``,
            ``values_clipped``, ``blocks_clipped``, ``blocks_total`` and ``grid``; ``timing``.

        Raises
        ------
        NormserveError
            The call failed: ``INVALID_ARGUMENT`` (an unknown or non-conv name in ``node_names``),
            ``FAILED_PRECONDITION`` (a conv the circular analysis cannot serve, e.g. 3-d, or an
            input size not divisible by the stride), ...
        TypeError, ValueError, OSError
            Bad arguments, found before anything is sent.
        """
        context = "clip_singular_values"
        try:
            threshold = float(clip_to)
        except (TypeError, ValueError):
            raise TypeError(f"{context}: clip_to must be a number, got {clip_to!r}") from None
        if not (math.isfinite(threshold) and threshold > 0):
            raise ValueError(f"{context}: clip_to must be a finite number > 0, got {clip_to!r}")
        request = clip_singular_values_pb2.ClipSingularValuesRequest(clip_to=threshold)
        if node_names is not None:
            if isinstance(node_names, str) or not all(isinstance(n, str) for n in node_names):
                raise TypeError(f"{context}: node_names must be a sequence of str, got {node_names!r}")
            request.node_names.extend(node_names)
        fill_model(request, model, context)
        if input_shape is not None:
            fill_input_shape(request, input_shape, context)
        return self._invoke(self._stub.ClipSingularValues, request, CLIP_SINGULAR_VALUES_METHOD, timeout)
