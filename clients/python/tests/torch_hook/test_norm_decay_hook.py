"""normserve.torch.NormDecay against a real server: gradients, momentum sessions, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from normserve import NormserveClient, NormserveError, linear_layer
from normserve.torch import NormDecay

BETA = 0.1


class SmallNet(nn.Module):
    """Conv2d stride 2 + BatchNorm2d + Linear(bias=False), on 3x8x8 inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 4 * 4, 5, bias=False)
        with torch.no_grad():
            self.bn.weight.copy_(torch.tensor([0.5, -2.0, 1.5, 0.25]))
            self.bn.running_var.copy_(torch.tensor([1.0, 0.5, 2.0, 0.1]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


def make_net(seed: int = 0) -> SmallNet:
    torch.manual_seed(seed)
    return SmallNet()


def backward(model: nn.Module, seed: int = 1) -> None:
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(6, 3, 8, 8, generator=generator)
    model.zero_grad()
    model(x).square().mean().backward()


def grads(model: nn.Module) -> dict[str, np.ndarray]:
    params = [(name, p) for name, p in model.named_parameters() if p.grad is not None]
    return {name: p.grad.detach().double().numpy().copy() for name, p in params}


def linf_subgradient(weight: np.ndarray) -> tuple[int, np.ndarray]:
    """Independent oracle: the row with the largest abs sum (lowest on ties) and G = its signs."""
    w = weight.astype(np.float64)
    row = int(np.argmax(np.abs(w).sum(axis=1)))
    g = np.zeros_like(w)
    g[row] = np.sign(w[row])
    return row, g


def test_step_adds_beta_g_linear_linf_checked_in_numpy_and_changes_bn_and_conv(client):
    model = make_net()
    with NormDecay(model, client, norm="linf", beta=BETA, momentum=0.5) as decay:
        backward(model)
        before = grads(model)
        response = decay.step()
        after = grads(model)
        assert decay.session_id  # momentum > 0: a session was opened
    weights = {entry.weight_name for entry in response.layers}
    assert weights == {"conv.weight", "bn.weight", "fc.weight"}

    row, g = linf_subgradient(model.fc.weight.detach().numpy())
    np.testing.assert_allclose(after["fc.weight"], before["fc.weight"] + BETA * g, rtol=1e-6, atol=1e-7)
    fc = next(entry for entry in response.layers if entry.weight_name == "fc.weight")
    assert fc.maximiser.channel == row
    assert fc.norm_before == pytest.approx(
        np.abs(model.fc.weight.detach().double().numpy()).sum(axis=1).max()
    )

    # Batch norm: sign(γ_c)/√(σ²_c+ε) at c* = argmax |γ_c|/√(σ²_c+ε) — channel 1 here (2/√0.5).
    gamma = model.bn.weight.detach().double().numpy()
    scale = np.abs(gamma) / np.sqrt(model.bn.running_var.double().numpy() + model.bn.eps)
    channel = int(np.argmax(scale))
    expected_bn = before["bn.weight"].copy()
    expected_bn[channel] += (
        BETA * np.sign(gamma[channel]) / np.sqrt(model.bn.running_var[channel].item() + 1e-5)
    )
    assert channel == 1
    np.testing.assert_allclose(after["bn.weight"], expected_bn, rtol=1e-6, atol=1e-7)
    assert not np.allclose(after["bn.weight"], before["bn.weight"])

    conv_delta = after["conv.weight"] - before["conv.weight"]
    assert np.count_nonzero(np.abs(conv_delta) > 1e-6) > 0
    # Only weights are regularised: biases keep their gradients.
    for name in ("conv.bias", "bn.bias"):
        np.testing.assert_array_equal(after[name], before[name])


def test_momentum_session_persists_across_steps(client):
    mu = 0.5
    model = make_net()
    with NormDecay(model, client, norm="linf", beta=1.0, momentum=mu, conv=False, batch_norm=False) as decay:
        assert decay.layer_names == ["fc"]
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        decay.step()
        session = decay.session_id
        row1, g1 = linf_subgradient(model.fc.weight.detach().numpy())
        np.testing.assert_allclose(model.fc.weight.grad.numpy(), g1, atol=1e-7)

        # Make another row the maximiser; G keeps μ·(old row signs) there and sets the new row.
        row2 = (row1 + 1) % 5
        with torch.no_grad():
            model.fc.weight[row2] *= 10
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        decay.step()
        assert decay.session_id == session
        _, g2 = linf_subgradient(model.fc.weight.detach().numpy())
        expected = g2.copy()
        expected[row1] = mu * g1[row1]
        np.testing.assert_allclose(model.fc.weight.grad.numpy(), expected, atol=1e-7)


def test_momentum_zero_is_stateless(client):
    model = make_net()
    with NormDecay(model, client, norm="linf", beta=1.0, momentum=0.0, conv=False, batch_norm=False) as decay:
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        decay.step()
        row1, _ = linf_subgradient(model.fc.weight.detach().numpy())
        with torch.no_grad():
            model.fc.weight[(row1 + 1) % 5] *= 10
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        decay.step()
        assert decay.session_id is None
        _, g2 = linf_subgradient(model.fc.weight.detach().numpy())
        np.testing.assert_allclose(model.fc.weight.grad.numpy(), g2, atol=1e-7)


def test_close_closes_the_session_and_the_hook(client):
    model = make_net()
    decay = NormDecay(model, client, beta=BETA, momentum=0.9)
    backward(model)
    decay.step()
    session = decay.session_id
    decay.close()
    assert decay.session_id is None
    assert client.close_session(session) is False  # already closed by the hook
    with pytest.raises(NormserveError) as caught:
        client.norm_decay(_fc_layers(model), norm="l1", beta=BETA, momentum=0.9, session_id=session)
    assert caught.value.code.name == "NOT_FOUND"
    with pytest.raises(RuntimeError, match="closed"):
        decay.step()
    decay.close()  # idempotent


def test_a_lost_session_is_reopened_with_a_warning(client):
    model = make_net()
    with NormDecay(model, client, beta=BETA, momentum=0.5) as decay:
        backward(model)
        decay.step()
        lost = decay.session_id
        assert client.close_session(lost) is True  # as if its idle TTL had passed
        backward(model)
        with pytest.warns(RuntimeWarning, match="opening a new one"):
            decay.step()
        assert decay.session_id and decay.session_id != lost


def _fc_layers(model: SmallNet):
    return [linear_layer("fc", model.fc.weight.detach().numpy())]


def test_step_without_a_forward_pass_asks_for_one(client):
    model = make_net()
    with NormDecay(model, client, beta=BETA) as decay:
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        with pytest.raises(RuntimeError, match=r"no input shape observed for conv layer\(s\) \['conv'\]"):
            decay.step()


def test_observe_records_shapes_in_eval_mode_and_restores_training(client):
    model = make_net()
    model.train()
    running_mean = model.bn.running_mean.clone()
    with NormDecay(model, client, beta=BETA, momentum=0.0) as decay:
        shapes = decay.observe(torch.zeros(2, 3, 8, 8))
        assert shapes == {"conv": (3, 8, 8)}
        assert model.training and model.bn.training
        torch.testing.assert_close(model.bn.running_mean, running_mean)
        model.fc.weight.grad = torch.zeros_like(model.fc.weight)
        response = decay.step()  # conv and bn have no gradient: they get .grad = β·G
        assert {entry.weight_name for entry in response.layers} >= {"conv.weight", "fc.weight"}
        assert model.conv.weight.grad is not None and model.conv.weight.grad.abs().sum() > 0


def test_the_first_training_forward_pass_records_the_shapes(client):
    model = make_net()
    with NormDecay(model, client, beta=BETA, momentum=0.0) as decay:
        backward(model)  # an ordinary training forward/backward
        decay.step()
        assert decay.input_shapes == {"conv": (3, 8, 8)}


def test_unsupported_configurations_raise_value_error(client):
    with pytest.raises(ValueError, match="padding_mode='circular'"):
        NormDecay(nn.Conv2d(1, 1, 3, padding=1, padding_mode="circular"), client)
    with pytest.raises(ValueError, match="track_running_stats=False"):
        NormDecay(nn.BatchNorm1d(3, track_running_stats=False), client)
    with pytest.raises(ValueError, match="nothing to regularise"):
        NormDecay(make_net(), client, conv=False, linear=False, batch_norm=False)
    with pytest.raises(ValueError, match="no conv, linear or batch-norm layer"):
        NormDecay(nn.ReLU(), client)
    with pytest.raises(ValueError, match="norm must be 'l1' or 'linf'"):
        NormDecay(make_net(), client, norm="l2")
    # Skipping the kind that cannot be sent is fine.
    model = nn.Sequential(nn.Conv2d(1, 1, 3, padding_mode="reflect"), nn.Flatten(), nn.Linear(4, 2))
    with NormDecay(model, client, conv=False) as decay:
        assert decay.layer_names == ["2"]


def test_no_gradient_at_all_is_a_runtime_error(client):
    model = make_net()
    with NormDecay(model, client, beta=BETA) as decay:
        decay.observe(torch.zeros(1, 3, 8, 8))
        with pytest.raises(RuntimeError, match=r"after loss.backward\(\)"):
            decay.step()


def test_short_training_loop_with_the_hook_lowers_the_largest_linear_norm(client: NormserveClient):
    def train(beta: float) -> float:
        model = make_net(seed=3)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        generator = torch.Generator().manual_seed(4)
        data = torch.randn(64, 3, 8, 8, generator=generator)
        target = torch.randn(64, 5, generator=generator)
        decay = NormDecay(model, client, norm="linf", beta=beta, momentum=0.5) if beta > 0 else None
        try:
            for step in range(30):
                batch = slice(8 * (step % 8), 8 * (step % 8) + 8)
                optimizer.zero_grad()
                loss = nn.functional.mse_loss(model(data[batch]), target[batch])
                loss.backward()
                if decay is not None:
                    decay.step()
                optimizer.step()
                assert torch.isfinite(loss)
        finally:
            if decay is not None:
                decay.close()
        return float(model.fc.weight.detach().abs().sum(dim=1).max())

    # Same seed and data: β = 0.05 ends near 2.9, β = 0 near 4.3.
    assert train(beta=0.05) < 0.8 * train(beta=0.0)
