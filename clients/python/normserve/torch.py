"""PyTorch sidecar hook: the paper's norm decay computed by a normserve server.

Needs PyTorch (``pip install 'normserve-client[torch]'``); ``import normserve`` alone does not.

Example
-------
>>> from normserve import NormserveClient                                   # doctest: +SKIP
>>> from normserve.torch import NormDecay
>>> with NormserveClient("127.0.0.1:50051") as client, NormDecay(model, client, beta=1e-3) as decay:
...     for x, y in loader:
...         optimizer.zero_grad()
...         loss_fn(model(x), y).backward()
...         decay.step()            # grads += β·G, G from the server (momentum kept in a session)
...         optimizer.step()
"""

from __future__ import annotations

try:
    import torch
except ImportError as error:  # pragma: no cover - exercised without torch installed
    raise ImportError(
        "normserve.torch needs PyTorch, which is an optional extra: "
        "pip install 'normserve-client[torch]' (or install torch); the rest of normserve works without it"
    ) from error

from torch import nn

from normserve._torch_grads import collect_gradients, write_back_gradients
from normserve._torch_layers import module_layer, select_modules
from normserve._torch_session import DecaySession
from normserve._torch_shapes import ShapeObserver
from normserve_client import NormDecayResponse, NormserveClient

__all__ = ["NormDecay"]


class NormDecay:
    """Norm decay for a ``torch.nn.Module``: call :meth:`step` between ``loss.backward()`` and
    ``optimizer.step()``.

    Each step sends the weights and gradients of the selected conv / transposed conv / linear /
    batch-norm layers to the server's ``NormDecay`` RPC and writes the returned ``∇W + β·G`` back
    into each weight's ``.grad``. ``G`` is the subgradient of the layer's norm at its maximiser (the
    signs of the maximising row for L∞ or column for L1; ``sign(γ_c)/√(σ²_c+ε)`` for batch norm),
    with momentum: ``G ← μ·G`` before the maximiser is set.

    Parameters
    ----------
    model : torch.nn.Module
        The network. Modules whose ``weight`` does not require grad are skipped.
    client : NormserveClient
        A connected client; the hook does not close it.
    norm : {"l1", "linf"}
        The norm to decay.
    beta : float
        β, the decay strength.
    momentum : float
        μ in ``[0, 1]``. With ``μ > 0`` the hook opens a server session at the first step that
        keeps ``G`` between steps, and :meth:`close` closes it; ``μ = 0`` is stateless.
    conv, linear, batch_norm : bool
        Which kinds to regularise (the paper's flags): ``nn.Conv{1,2,3}d`` and
        ``nn.ConvTranspose{1,2,3}d``, ``nn.Linear``, and ``nn.BatchNorm{1,2,3}d`` /
        ``nn.SyncBatchNorm`` (their scale γ).
    timeout : float, optional
        Deadline of each call in seconds; defaults to the client's.

    Raises
    ------
    ValueError
        Bad ``norm``, ``beta`` or ``momentum``; no layer to regularise; a selected conv with
        ``padding_mode`` other than ``"zeros"``; a selected batch norm without running statistics.

    Notes
    -----
    Input shapes. A convolution's exact norm depends on its input shape, so at construction the
    hook puts forward hooks on the selected convolutions that record the first input each one
    sees (batch excluded): a training loop's first forward pass records them and the first
    :meth:`step` removes the hooks. :meth:`observe` records them from an example input instead
    (also to re-read them after the input resolution changed). A module called several times per
    forward keeps its first shape; :meth:`step` raises ``RuntimeError`` for a conv not yet seen.

    Gradients. A weight whose ``.grad`` is None (e.g. not used by the loss) is sent without one
    and gets ``.grad = β·G``. With mixed precision, unscale first (``scaler.unscale_(optimizer)``)
    so that ``∇W`` and ``β·G`` are on the same scale. If the session expired (idle TTL) the hook
    warns, opens a new one (momentum restarts from zero) and retries once.
    """

    def __init__(
        self,
        model: nn.Module,
        client: NormserveClient,
        norm: str = "l1",
        beta: float = 1e-3,
        momentum: float = 0.5,
        conv: bool = True,
        linear: bool = True,
        batch_norm: bool = True,
        *,
        timeout: float | None = None,
    ) -> None:
        if not isinstance(model, nn.Module):
            raise TypeError(f"NormDecay: model must be a torch.nn.Module, got {type(model).__name__}")
        if norm not in ("l1", "linf"):
            raise ValueError(f"NormDecay: norm must be 'l1' or 'linf', got {norm!r}")
        if not 0.0 <= float(momentum) <= 1.0:
            raise ValueError(f"NormDecay: momentum must be in [0, 1], got {momentum!r}")
        if not (conv or linear or batch_norm):
            raise ValueError("NormDecay: conv, linear and batch_norm are all False; nothing to regularise")
        self.model = model
        self.client = client
        self.norm = norm
        self.beta = float(beta)
        self.momentum = float(momentum)
        self.kinds = (bool(conv), bool(linear), bool(batch_norm))
        self.timeout = timeout
        self._selected = select_modules(model, conv=conv, linear=linear, batch_norm=batch_norm)
        if not self._selected:
            raise ValueError("NormDecay: the model has no conv, linear or batch-norm layer to regularise")
        self._by_weight = {selected.weight_name: selected for selected in self._selected}
        self._shapes = ShapeObserver(s for s in self._selected if s.kind.startswith("conv"))
        self._shapes.attach()
        self._session = DecaySession(client, timeout)
        self._closed = False
        self.last_response: NormDecayResponse | None = None
        """The server's response to the latest :meth:`step` (norms before the step, maximisers)."""

    @property
    def session_id(self) -> str | None:
        """The server session holding ``G``; None before the first step, when stateless, or closed."""
        return self._session.id

    @property
    def layer_names(self) -> list[str]:
        """Names of the regularised layers (module qualified names), in model order."""
        return [selected.name for selected in self._selected]

    @property
    def input_shapes(self) -> dict[str, tuple[int, ...]]:
        """Observed conv input shapes ``[C, S...]`` (batch excluded), by layer name."""
        return self._shapes.shapes()

    def observe(self, *example_inputs: object, **example_kwargs: object) -> dict[str, tuple[int, ...]]:
        """Record the conv input shapes from one forward pass of ``model(*example_inputs)``.

        The pass runs under ``torch.no_grad()`` with the model in eval mode (so batch-norm
        running statistics do not move); each module's training flag is restored afterwards.

        Returns
        -------
        dict of str to tuple of int
            The recorded input shapes, by layer name.

        Raises
        ------
        RuntimeError
            A selected convolution was not called by the forward pass.
        """
        self._check_open("observe")
        self._shapes.attach(reset=True)
        modes = [(module, module.training) for module in self.model.modules()]
        try:
            self.model.eval()
            with torch.no_grad():
                self.model(*example_inputs, **example_kwargs)
        finally:
            for module, training in modes:
                module.training = training
        self._require_shapes("observe")
        return self.input_shapes

    def step(self) -> NormDecayResponse:
        """Add the norm-decay term to the selected weights' gradients (after ``backward()``).

        Returns
        -------
        NormDecayResponse
            The server's response (also kept as :attr:`last_response`).

        Raises
        ------
        RuntimeError
            Closed, no conv input shape observed yet, or no selected weight has a gradient.
        NormserveError
            The call failed.
        """
        self._check_open("step")
        self._require_shapes("step")
        with torch.no_grad():
            layers = [
                module_layer(s, self._shapes.input_shape(s.name), self._shapes.output_shape(s.name))
                for s in self._selected
            ]
            gradients = collect_gradients(self._selected)
            if not gradients:
                raise RuntimeError(
                    "NormDecay.step: no selected weight has a gradient; call step() after loss.backward()"
                )
            response = self._session.call(
                lambda session_id: self._send(layers, gradients, session_id), stateful=self.momentum > 0
            )
            write_back_gradients(self._by_weight, response)
        self.last_response = response
        return response

    def close(self) -> None:
        """Close the server session (if any) and remove the hooks. Idempotent; the client stays open."""
        self._shapes.detach()
        self._closed = True
        self._session.close()

    def __enter__(self) -> NormDecay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"NormDecay(norm={self.norm!r}, beta={self.beta}, momentum={self.momentum}, "
            f"layers={len(self._selected)}, session_id={self._session.id!r})"
        )

    def _send(self, layers, gradients, session_id: str) -> NormDecayResponse:
        conv, linear, batch_norm = self.kinds
        return self.client.norm_decay(
            layers,
            norm=self.norm,
            beta=self.beta,
            momentum=self.momentum,
            session_id=session_id,
            conv=conv,
            linear=linear,
            batch_norm=batch_norm,
            gradients=gradients,
            timeout=self.timeout,
        )

    def _require_shapes(self, method: str) -> None:
        missing = self._shapes.missing()
        if missing:
            raise RuntimeError(
                f"NormDecay.{method}: no input shape observed for conv layer(s) {missing}; run a forward "
                "pass of the model (a training step does) or call observe(example_input) first"
            )
        self._shapes.detach()

    def _check_open(self, method: str) -> None:
        if self._closed:
            raise RuntimeError(f"NormDecay.{method}: the hook is closed")
