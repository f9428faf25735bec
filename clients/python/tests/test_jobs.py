"""Train / Evaluate / WatchJob / CancelJob through the Python client against the real server."""

from __future__ import annotations

import grpc
import numpy as np
import pytest

import normserve
from normserve_client import NormserveClient, NormserveError, standard, tensor_to_array

ZOO = {"name": "small_cnn", "width": 0.25}
SYNTHETIC = {"n": 64, "image_shape": [1, 28, 28], "classes": 10, "seed": 1}


def _data(n: int = 32) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.random((n, 1, 28, 28), dtype=np.float32), (np.arange(n) % 10).astype(np.int64)


@pytest.fixture(scope="module")
def trained(client: NormserveClient) -> list:
    """One tiny training run: small_cnn w=0.25, 64 synthetic examples, 1 epoch, L1 decay."""
    return list(
        client.train(ZOO, train_data=SYNTHETIC, epochs=1, batch_size=32, lr=0.05, norm_decay=("l1", 1e-3),
                     norms_every_steps=1, progress_every_steps=1, seed=3)
    )


def test_train_yields_typed_events_to_train_completed(trained: list) -> None:
    kinds = [e.kind for e in trained]
    assert kinds[0] == "started" and kinds[-1] == "train_completed"
    assert {"progress", "norms", "epoch"} <= set(kinds)
    progress = next(e for e in trained if e.kind == "progress")
    assert np.isfinite(progress.loss) and progress.data.step >= 1
    norms = [e for e in trained if e.kind == "norms"][-1]
    assert len(norms.layers) > 2 and all(layer.l1 > 0 for layer in norms.layers)
    assert [e.sequence for e in trained] == list(range(1, len(trained) + 1))
    model = trained[-1].onnx_model
    assert len(model) > 100
    try:
        import onnxruntime  # noqa: PLC0415  (optional: only checked where installed)
    except ImportError:
        return
    session = onnxruntime.InferenceSession(model)
    assert session.run(None, {session.get_inputs()[0].name: _data(2)[0]})[0].shape == (2, 10)


def test_watch_replays_after_sequence_and_get_job_returns_the_model(client: NormserveClient, trained: list) -> None:
    job_id = trained[0].job_id
    replay = list(client.watch(job_id, after_sequence=2))
    assert [e.sequence for e in replay] == [e.sequence for e in trained[2:]]
    got = client.get_job(job_id, include_model=True)
    assert got.job.state == normserve.JobState.JOB_STATE_SUCCEEDED
    assert got.onnx_model == trained[-1].onnx_model
    assert job_id in [j.job_id for j in client.list_jobs()]


def test_cancel_stops_a_running_job_with_cancelled(client: NormserveClient) -> None:
    events = client.train(ZOO, train_data={**SYNTHETIC, "n": 256}, epochs=50, batch_size=16, seed=1)
    started = next(events)
    assert started.kind == "started"
    info = client.cancel(started.job_id)
    assert info.job_id == started.job_id
    with pytest.raises(NormserveError) as caught:
        for _ in events:
            pass
    assert caught.value.code == grpc.StatusCode.CANCELLED


def test_evaluate_fgsm_pgd_on_the_trained_model_id(client: NormserveClient, trained: list) -> None:
    x, y = _data(16)
    events = list(client.evaluate(trained[0].job_id, (x, y), attacks=["fgsm", "pgd"], eps=0.05,
                                  return_adversarial=True, seed=0))
    results = [e for e in events if e.kind == "attack_result"]
    assert [r.type for r in results] == [1, 2]
    adv = tensor_to_array(results[0].adversarial)
    assert adv.shape == x.shape and np.abs(adv - x).max() <= 0.05 + 1e-6
    done = events[-1]
    assert done.kind == "evaluate_completed"
    assert done.robust_accuracy <= min(r.robust_accuracy for r in results) + 1e-12


def test_standard_preset_is_standard_nofab() -> None:
    preset = standard(8 / 255)
    assert (preset.name, preset.norm) == ("standard-nofab", "linf")
    with pytest.raises(ValueError):
        standard(0.0)


def test_server_validation_error_is_normserve_error_invalid_argument(client: NormserveClient) -> None:
    x, y = _data(8)
    y[0] = 99  # out of range for 10 classes
    with pytest.raises(NormserveError) as caught:
        list(client.train(ZOO, train_data=(x, y), epochs=1))
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_numpy_checks_fail_before_sending(client: NormserveClient) -> None:
    x, y = _data(4)
    with pytest.raises(TypeError, match="float32"):
        client.train(ZOO, train_data=(x.astype(np.float64), y))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        client.train(ZOO, train_data=(x * 2, y))
    with pytest.raises(ValueError, match="N×C×H×W"):
        client.train(ZOO, train_data=(x[0], y))
    with pytest.raises(TypeError, match="integers"):
        client.train(ZOO, train_data=(x, y.astype(np.float32)))
    with pytest.raises(ValueError, match="norm_decay"):
        client.train(ZOO, train_data=(x, y), norm_decay=("l3", 1e-3))


def test_client_alias() -> None:
    assert normserve.Client is NormserveClient


FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


@pytest.mark.skipif(not __import__("os").path.isdir(FASHION_MNIST), reason="Debian's dataset-fashion-mnist is not installed")
def test_server_side_path_with_split_and_limit(client: NormserveClient) -> None:
    """A server-side IDX directory: train on 256 training images, test on 100 test images."""
    events = list(
        client.train(ZOO, train_data={"path": FASHION_MNIST, "limit": 256}, epochs=1, batch_size=64,
                     test_data={"path": FASHION_MNIST, "split": "test", "format": "idx", "limit": 100}, seed=1)
    )
    started = next(e for e in events if e.kind == "started")
    assert started.total_steps == 4  # 256 / 64
    epoch = next(e for e in events if e.kind == "epoch")
    assert epoch.HasField("test_accuracy")
    assert 0.0 <= epoch.test_accuracy <= 1.0
    with pytest.raises(ValueError, match="split"):
        client.train(ZOO, train_data={"path": FASHION_MNIST, "split": "validation"})
    with pytest.raises(ValueError, match="unknown dataset option"):
        client.train(ZOO, train_data={"path": FASHION_MNIST, "shuffle": True})
