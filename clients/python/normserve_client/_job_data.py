"""Models and datasets of Train / Evaluate requests, checked before anything is sent."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Union

import numpy as np

from normserve_client._gen.normserve.v1 import dataset_pb2, tensor_pb2, train_pb2

__all__ = ["DataLike", "ZooLike", "fill_dataset", "fill_train_model", "read_model_file"]

ZooLike = Union[str, Mapping[str, Any]]
DataLike = Union[tuple, str, "os.PathLike[str]", Mapping[str, Any], dataset_pb2.Dataset]


def read_model_file(path: str | os.PathLike[str], context: str) -> bytes:
    """Read an ONNX file; raise ValueError when it is empty."""
    with open(path, "rb") as file:
        data = file.read()
    if not data:
        raise ValueError(f"{context}: ONNX file {os.fspath(path)!r} is empty")
    return data


def _is_model_path(model: object) -> bool:
    return isinstance(model, os.PathLike) or (
        isinstance(model, str) and (model.endswith(".onnx") or os.path.isfile(model))
    )


def fill_train_model(request: train_pb2.TrainRequest, model: object) -> None:
    """Set ``onnx_model`` (bytes or a path to an .onnx file) or ``zoo`` (a name such as
    ``"resnet18"`` or a dict ``{"name", "width", "classes", "input_shape", "seed"}``)."""
    if isinstance(model, (bytes, bytearray, memoryview)):
        if len(model) == 0:
            raise ValueError("train: model bytes are empty")
        request.onnx_model = bytes(model)
    elif _is_model_path(model):
        request.onnx_model = read_model_file(model, "train")  # type: ignore[arg-type]
    elif isinstance(model, str):
        request.zoo.name = model
    elif isinstance(model, Mapping):
        unknown = set(model) - {"name", "width", "classes", "input_shape", "seed"}
        if unknown or "name" not in model:
            raise ValueError(f"train: a zoo model dict needs 'name' and may have width, classes, "
                             f"input_shape, seed; got keys {sorted(model)}")
        request.zoo.CopyFrom(train_pb2.ZooModel(**dict(model)))
    else:
        raise TypeError(f"train: model must be ONNX bytes, a path or a zoo spec, got {type(model).__name__}")


def _images_tensor(images: object, context: str) -> tensor_pb2.Tensor:
    x = np.asarray(images)
    if x.ndim != 4 or 0 in x.shape:
        raise ValueError(f"{context}: images must be N×C×H×W and non-empty, got shape {x.shape}")
    if x.dtype == np.uint8:
        return tensor_pb2.Tensor(dtype=tensor_pb2.DATA_TYPE_UINT8, shape=list(x.shape), data=x.tobytes())
    if x.dtype != np.float32:
        raise TypeError(f"{context}: images must be float32 in [0, 1] or uint8, got dtype {x.dtype}")
    if not np.isfinite(x).all() or x.min() < 0 or x.max() > 1:
        raise ValueError(f"{context}: float32 images must be finite and in [0, 1], "
                         f"got range [{np.nanmin(x)}, {np.nanmax(x)}]")
    data = np.ascontiguousarray(x, dtype="<f4").tobytes()
    return tensor_pb2.Tensor(dtype=tensor_pb2.DATA_TYPE_FLOAT32, shape=list(x.shape), data=data)


def _labels_tensor(labels: object, n: int, context: str) -> tensor_pb2.Tensor:
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"{context}: labels must be integers, got dtype {y.dtype}")
    if y.shape != (n,):
        raise ValueError(f"{context}: labels must have shape ({n},) (one per image), got {y.shape}")
    data = np.ascontiguousarray(y, dtype="<i8").tobytes()
    return tensor_pb2.Tensor(dtype=tensor_pb2.DATA_TYPE_INT64, shape=[n], data=data)


_SPLITS = {"train": dataset_pb2.DATASET_SPLIT_TRAIN, "test": dataset_pb2.DATASET_SPLIT_TEST}
_FORMATS = {
    "auto": dataset_pb2.DATASET_FORMAT_UNSPECIFIED,
    "idx": dataset_pb2.DATASET_FORMAT_IDX,
    "cifar10": dataset_pb2.DATASET_FORMAT_CIFAR10,
    "npy": dataset_pb2.DATASET_FORMAT_NPY,
}


def _fill_path_dataset(dataset: dataset_pb2.Dataset, data: Mapping, context: str) -> None:
    unknown = set(data) - {"path", "split", "format", "limit"}
    if unknown:
        raise ValueError(f"{context}: unknown dataset option(s) {sorted(unknown)} (path, split, format, limit)")
    dataset.path = os.path.abspath(os.fspath(data["path"]))
    split = data.get("split", "train")
    fmt = data.get("format", "auto")
    if split not in _SPLITS:
        raise ValueError(f"{context}: split must be 'train' or 'test', got {split!r}")
    if fmt not in _FORMATS:
        raise ValueError(f"{context}: format must be one of {sorted(_FORMATS)}, got {fmt!r}")
    limit = int(data.get("limit", 0))
    if limit < 0:
        raise ValueError(f"{context}: limit must be >= 0, got {limit}")
    dataset.split = _SPLITS[split]
    dataset.format = _FORMATS[fmt]
    dataset.limit = limit


def fill_dataset(dataset: dataset_pb2.Dataset, data: DataLike, context: str) -> None:
    """Fill a ``Dataset``: ``(images, labels)`` numpy arrays (sent inline), a server-side path,
    ``dict(path=..., split="train"|"test", format="idx"|"cifar10"|"npy", limit=N)`` for a path
    with options, a ``dict(synthetic=dict(n=..., image_shape=..., classes=..., seed=...))`` (or the
    synthetic fields directly with ``"n"``), or a ready ``Dataset`` message."""
    if isinstance(data, dataset_pb2.Dataset):
        dataset.CopyFrom(data)
    elif isinstance(data, tuple):
        if len(data) != 2:
            raise ValueError(f"{context}: data must be a pair (images, labels), got {len(data)} items")
        images = _images_tensor(data[0], context)
        dataset.tensors.images.CopyFrom(images)
        dataset.tensors.labels.CopyFrom(_labels_tensor(data[1], images.shape[0], context))
    elif isinstance(data, (str, os.PathLike)):
        dataset.path = os.path.abspath(os.fspath(data))
    elif isinstance(data, Mapping) and "path" in data:
        _fill_path_dataset(dataset, data, context)
    elif isinstance(data, Mapping):
        spec = dict(data.get("synthetic", data))
        try:
            dataset.synthetic.CopyFrom(dataset_pb2.SyntheticData(**spec))
        except (TypeError, ValueError) as error:
            raise ValueError(f"{context}: bad synthetic data spec {spec!r}: {error}") from None
    else:
        raise TypeError(f"{context}: data must be (images, labels), a path or a synthetic dict, "
                        f"got {type(data).__name__}")
