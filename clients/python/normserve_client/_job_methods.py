"""The jobs half of :class:`NormserveClient`: ``Train``, ``Evaluate``, ``WatchJob`` and friends."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from normserve_client._events import Event, Preset, event_stream
from normserve_client._gen.normserve.v1 import compute_norms_pb2, evaluate_pb2, jobs_pb2, train_pb2
from normserve_client._job_data import DataLike, fill_dataset, fill_train_model, read_model_file

__all__ = ["JobMethods"]

_SERVICE = "/normserve.v1.NormService/"
_DECAY_NORMS = {"l1": compute_norms_pb2.NORM_TYPE_L1, "linf": compute_norms_pb2.NORM_TYPE_LINF}
_THREAT_NORMS = {"linf": evaluate_pb2.THREAT_NORM_LINF, "l2": evaluate_pb2.THREAT_NORM_L2}
_ATTACKS = {
    "fgsm": evaluate_pb2.ATTACK_TYPE_FGSM,
    "pgd": evaluate_pb2.ATTACK_TYPE_PGD,
    "apgd-ce": evaluate_pb2.ATTACK_TYPE_APGD_CE,
    "apgd-t": evaluate_pb2.ATTACK_TYPE_APGD_T,
    "square": evaluate_pb2.ATTACK_TYPE_SQUARE,
}


def _norm_decay(spec: tuple) -> train_pb2.NormDecay:
    if not isinstance(spec, tuple) or len(spec) not in (2, 3) or spec[0] not in _DECAY_NORMS:
        raise ValueError(f"train: norm_decay must be ('l1' | 'linf', beta[, momentum]), got {spec!r}")
    beta = float(spec[1])
    momentum = float(spec[2]) if len(spec) == 3 else 0.9
    if not beta >= 0 or not 0 <= momentum <= 1:
        raise ValueError(f"train: norm_decay needs beta >= 0 and momentum in [0, 1], got {spec!r}")
    return train_pb2.NormDecay(norm=_DECAY_NORMS[spec[0]], beta=beta, momentum=momentum, conv=True, linear=True, bn=True)


def _attack(spec: Any, eps: float, norm: str) -> evaluate_pb2.AttackSpec:
    if isinstance(spec, evaluate_pb2.AttackSpec):
        return spec
    if spec not in _ATTACKS:
        raise ValueError(f"evaluate: unknown attack {spec!r} (known: {', '.join(_ATTACKS)})")
    return evaluate_pb2.AttackSpec(type=_ATTACKS[spec], norm=_THREAT_NORMS[norm], eps=eps)


class JobMethods:
    """Mixed into :class:`NormserveClient`, which provides ``_stub``, ``_timeout`` and ``_invoke``."""

    def train(
        self,
        model: Any,
        train_data: DataLike,
        *,
        epochs: int = 1,
        batch_size: int = 0,
        lr: float = 0.05,
        momentum: float = 0.9,
        weight_decay: float = 0.0,
        norm_decay: tuple | None = None,
        test_data: DataLike | None = None,
        svc: tuple[float, int] | None = None,
        bn_projection: float | None = None,
        adversarial: evaluate_pb2.AttackSpec | None = None,
        augmentation: dict | None = None,
        seed: int = 0,
        norms_every_steps: int = 0,
        progress_every_steps: int = 0,
        resume_from: str = "",
    ) -> Iterator[Event]:
        """Start a Train job and yield its events until ``train_completed``.

        Parameters
        ----------
        model : bytes, str, os.PathLike or dict
            ONNX bytes, a path to an ``.onnx`` file, or a zoo model: a name (``"resnet18"``) or a
            dict ``{"name": "resnet18", "width": 0.25, "classes": 10, "input_shape": [3, 32, 32]}``.
        train_data : tuple, str or dict
            ``(images, labels)``: images N×C×H×W float32 in [0, 1] or uint8, labels integers [N];
            a server-side path (IDX, CIFAR-10 binary, NPY); or ``{"n": 256, "image_shape": [1, 28,
            28], "classes": 10, "seed": 0}`` for a synthetic set.
        epochs, batch_size, lr, momentum, weight_decay, seed : number
            SGD settings (batch_size 0: the server's default, 128).
        norm_decay : tuple, optional
            ``("l1" | "linf", beta[, momentum])`` on conv, linear and batch-norm layers.
        test_data : like ``train_data``, optional
            Evaluated after every epoch.
        svc : (clip_to, every_steps), optional
            Singular value clipping of conv layers.
        bn_projection : float, optional
            Radius of the batch-norm L∞ projection.
        adversarial : AttackSpec, optional
            PGD / FGSM adversarial training.
        augmentation : dict, optional
            ``{"crop_padding": 4, "horizontal_flip": True}``.
        norms_every_steps, progress_every_steps : int
            How often ``norms`` / ``progress`` events come (0: server defaults).
        resume_from : str
            Continue this interrupted Train job from its last checkpoint.

        Yields
        ------
        Event
            ``started``, ``progress``, ``norms``, ``epoch``, … ``train_completed`` (whose
            ``onnx_model`` is the trained model). Breaking out of the loop detaches; the job keeps
            running (``watch`` re-attaches).

        Raises
        ------
        NormserveError
            ``INVALID_ARGUMENT`` for bad input, ``CANCELLED`` when the job is cancelled,
            ``ABORTED`` when it fails.
        TypeError, ValueError
            Arguments that are checked here before sending (dtype, shape, ranges).
        """
        request = train_pb2.TrainRequest(
            epochs=epochs, batch_size=batch_size, seed=seed, norms_every_steps=norms_every_steps,
            progress_every_steps=progress_every_steps, resume_from=resume_from,
            optimizer=train_pb2.Optimizer(learning_rate=lr, momentum=momentum, weight_decay=weight_decay),
        )
        fill_train_model(request, model)
        fill_dataset(request.train_data, train_data, "train: train_data")
        if test_data is not None:
            fill_dataset(request.test_data, test_data, "train: test_data")
        if norm_decay is not None:
            request.norm_decay.CopyFrom(_norm_decay(norm_decay))
        if svc is not None:
            request.svc.CopyFrom(train_pb2.Svc(clip_to=float(svc[0]), every_steps=int(svc[1])))
        if bn_projection is not None:
            request.bn_projection.radius = float(bn_projection)
        if adversarial is not None:
            request.adversarial.CopyFrom(adversarial)
        if augmentation is not None:
            request.augmentation.CopyFrom(train_pb2.Augmentation(**augmentation))
        return event_stream(self._stub.Train(request, timeout=None), _SERVICE + "Train")

    def evaluate(
        self,
        model: bytes | str,
        data: DataLike,
        *,
        attacks: Sequence[str | evaluate_pb2.AttackSpec] | Preset = ("fgsm", "pgd", "apgd-ce"),
        eps: float = 8 / 255,
        norm: str = "linf",
        cascade: bool = False,
        return_adversarial: bool = False,
        batch_size: int = 0,
        seed: int = 0,
    ) -> Iterator[Event]:
        """Start an Evaluate job and yield its events until ``evaluate_completed``.

        Parameters
        ----------
        model : bytes or str
            ONNX bytes, a path to an ``.onnx`` file, or the id of a finished Train job.
        data : tuple, str or dict
            As ``train_data`` of :meth:`train`.
        attacks : sequence of {"fgsm", "pgd", "apgd-ce", "apgd-t", "square"} or AttackSpec, or Preset
            Run in order; :func:`standard` gives the ``standard-nofab`` preset.
        eps : float
            Radius of the threat model.
        norm : {"linf", "l2"}
            The threat model's norm.
        cascade : bool
            Attack only the points still robust (AutoAttack's way).
        return_adversarial : bool
            Send the adversarial examples in each ``attack_result`` (decode with ``tensor_to_array``).
        batch_size, seed : int
            Batch size (0: 128) and the seed of every random choice.

        Yields
        ------
        Event
            ``started``, ``attack_progress``, ``attack_result``, ``evaluate_completed``.

        Raises
        ------
        NormserveError
            ``INVALID_ARGUMENT`` for bad input (e.g. too few classes for an attack).
        TypeError, ValueError
            Arguments checked here before sending.
        """
        if norm not in _THREAT_NORMS:
            raise ValueError(f"evaluate: norm must be 'linf' or 'l2', got {norm!r}")
        request = evaluate_pb2.EvaluateRequest(
            cascade=cascade, return_adversarial=return_adversarial, batch_size=batch_size, seed=seed
        )
        if isinstance(model, (bytes, bytearray, memoryview)):
            request.onnx_model = bytes(model)
        elif str(model).endswith(".onnx"):
            request.onnx_model = read_model_file(model, "evaluate")
        else:
            request.model_id = str(model)
        fill_dataset(request.data, data, "evaluate: data")
        if isinstance(attacks, Preset):
            request.preset, request.eps, request.norm = attacks.name, attacks.eps, _THREAT_NORMS[attacks.norm]
        else:
            if isinstance(attacks, str):
                raise TypeError("evaluate: attacks must be a list of names, e.g. ['fgsm'], or standard(eps)")
            request.attacks.extend(_attack(a, float(eps), norm) for a in attacks)
        return event_stream(self._stub.Evaluate(request, timeout=None), _SERVICE + "Evaluate")

    def watch(self, job_id: str, after_sequence: int = 0) -> Iterator[Event]:
        """Re-attach to a job: replay its events after ``after_sequence``, then follow live ones.

        Raises
        ------
        NormserveError
            ``NOT_FOUND`` for an unknown job; as :meth:`train` when the job ends badly.
        """
        request = jobs_pb2.WatchJobRequest(job_id=job_id, after_sequence=after_sequence)
        return event_stream(self._stub.WatchJob(request, timeout=None), _SERVICE + "WatchJob")

    def cancel(self, job_id: str, *, timeout: float | None = None) -> jobs_pb2.JobInfo:
        """Cancel a job; returns its ``JobInfo`` (CANCELLED, or its final state if it had ended)."""
        request = jobs_pb2.CancelJobRequest(job_id=job_id)
        return self._invoke(self._stub.CancelJob, request, _SERVICE + "CancelJob", timeout).job

    def get_job(
        self, job_id: str, include_model: bool = False, *, timeout: float | None = None
    ) -> jobs_pb2.GetJobResponse:
        """A job's ``JobInfo`` (``.job``: state, step, total_steps, …) and, with ``include_model``,
        its stored model (``.onnx_model``: the trained model or the last checkpoint)."""
        request = jobs_pb2.GetJobRequest(job_id=job_id, include_model=include_model)
        return self._invoke(self._stub.GetJob, request, _SERVICE + "GetJob", timeout)

    def list_jobs(self, *, timeout: float | None = None) -> list[jobs_pb2.JobInfo]:
        """Every job the server knows, newest first."""
        response = self._invoke(self._stub.ListJobs, jobs_pb2.ListJobsRequest(), _SERVICE + "ListJobs", timeout)
        return list(response.jobs)
