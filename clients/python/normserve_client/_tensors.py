"""numpy arrays to wire ``Tensor`` messages, with the client-side checks that fail fast."""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np

from normserve_client._gen.normserve.v1 import tensor_pb2

__all__ = ["checked_layer_name", "float_tensor", "int_list", "tensor_to_array"]

# Float dtypes the API carries, by item size: (wire dtype, little-endian numpy dtype).
_FLOAT_DTYPES = {
    2: (tensor_pb2.DATA_TYPE_FLOAT16, np.dtype("<f2")),
    4: (tensor_pb2.DATA_TYPE_FLOAT32, np.dtype("<f4")),
    8: (tensor_pb2.DATA_TYPE_FLOAT64, np.dtype("<f8")),
}


def float_tensor(
    array: np.ndarray,
    *,
    argument: str,
    context: str,
    ndim: int | None = None,
    min_ndim: int | None = None,
) -> tensor_pb2.Tensor:
    """Encode a float array as a ``Tensor`` of raw little-endian bytes in row-major order.

    Parameters
    ----------
    array : numpy.ndarray
        float16, float32 or float64 values, any byte order and memory layout.
    argument : str
        Name of the caller's argument, used in error messages (e.g. ``"weight"``).
    context : str
        What the array belongs to, used in error messages (e.g. ``"conv_layer 'c1'"``).
    ndim, min_ndim : int, optional
        Required exact / minimum number of dimensions.

    Returns
    -------
    Tensor
        The generated ``normserve.v1.Tensor`` message.

    Raises
    ------
    TypeError
        When the array is not float16, float32 or float64 (integers, booleans, complex, objects and
        extended precision are rejected rather than converted).
    ValueError
        When the rank is wrong, a dimension is 0, or a value is NaN or infinite.
    """
    values = np.asarray(array)
    if values.dtype.kind != "f" or values.dtype.itemsize not in _FLOAT_DTYPES:
        raise TypeError(
            f"{context}: {argument} must be a float16, float32 or float64 array, got dtype {values.dtype}"
        )
    if ndim is not None and values.ndim != ndim:
        raise ValueError(f"{context}: {argument} must have {ndim} dims, got shape {values.shape}")
    if min_ndim is not None and values.ndim < min_ndim:
        raise ValueError(
            f"{context}: {argument} must have at least {min_ndim} dims, got shape {values.shape}"
        )
    if 0 in values.shape:
        raise ValueError(f"{context}: {argument} has an empty dimension, shape {values.shape}")
    finite = np.isfinite(values)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(
            f"{context}: {argument} must be finite, found {values[index]} at index {list(index)}"
        )
    wire_dtype, little_endian = _FLOAT_DTYPES[values.dtype.itemsize]
    # Byte swap (if any) and copy to C order happen here; the values are unchanged.
    contiguous = np.ascontiguousarray(values, dtype=little_endian)
    return tensor_pb2.Tensor(dtype=wire_dtype, shape=list(contiguous.shape), data=contiguous.tobytes())


# Every wire dtype, for decoding what the server sends back.
_WIRE_TO_NUMPY = {
    tensor_pb2.DATA_TYPE_FLOAT16: np.dtype("<f2"),
    tensor_pb2.DATA_TYPE_FLOAT32: np.dtype("<f4"),
    tensor_pb2.DATA_TYPE_FLOAT64: np.dtype("<f8"),
    tensor_pb2.DATA_TYPE_UINT8: np.dtype("u1"),
    tensor_pb2.DATA_TYPE_INT32: np.dtype("<i4"),
    tensor_pb2.DATA_TYPE_INT64: np.dtype("<i8"),
}


def tensor_to_array(tensor: tensor_pb2.Tensor) -> np.ndarray:
    """Decode a wire ``Tensor`` (e.g. a ``NormDecay`` decay term) into a new numpy array.

    Parameters
    ----------
    tensor : Tensor
        The generated ``normserve.v1.Tensor`` message: dtype, shape and raw little-endian bytes.

    Returns
    -------
    numpy.ndarray
        A writable array of ``tensor.shape`` in the matching native-order dtype (float16/32/64,
        uint8, int32, int64).

    Raises
    ------
    ValueError
        The dtype is unknown, or the byte length does not match the shape.
    """
    if tensor.dtype not in _WIRE_TO_NUMPY:
        raise ValueError(f"tensor_to_array: unsupported dtype {tensor.dtype}")
    dtype = _WIRE_TO_NUMPY[tensor.dtype]
    shape = tuple(int(d) for d in tensor.shape)
    count = int(np.prod(shape, dtype=np.int64))
    if len(tensor.data) != count * dtype.itemsize:
        raise ValueError(
            f"tensor_to_array: {len(tensor.data)} bytes do not hold shape {list(shape)} of {dtype.name}"
        )
    return np.frombuffer(tensor.data, dtype=dtype).astype(dtype.newbyteorder("="), copy=True).reshape(shape)


def int_list(
    values: Sequence[int] | None,
    *,
    argument: str,
    context: str,
    length: int | None = None,
    minimum: int = 0,
) -> list:
    """Check a list of integers (dims, strides, pads ...) and return it as plain ``int``\\ s.

    Parameters
    ----------
    values : sequence of int, optional
        ``None`` gives an empty list (the API's "use the default").
    argument, context : str
        Used in error messages.
    length : int, optional
        Required length.
    minimum : int
        Smallest allowed value.

    Returns
    -------
    list of int

    Raises
    ------
    TypeError
        When an entry is not an integer (booleans and floats included).
    ValueError
        When the length is wrong or an entry is below ``minimum``.
    """
    if values is None:
        return []
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{context}: {argument} must be a sequence of integers, got {values!r}")
    result = []
    for value in values:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{context}: {argument} must contain integers, got {value!r}")
        try:
            number = operator.index(value)
        except TypeError:
            raise TypeError(f"{context}: {argument} must contain integers, got {value!r}") from None
        if number < minimum:
            raise ValueError(f"{context}: {argument} entries must be >= {minimum}, got {list(values)}")
        result.append(number)
    if length is not None and len(result) != length:
        raise ValueError(f"{context}: {argument} must have {length} entries, got {result}")
    return result


def checked_layer_name(name: object) -> str:
    """Return ``name`` when it is a ``str``; raise TypeError otherwise."""
    if not isinstance(name, str):
        raise TypeError(f"layer name must be a str, got {name!r}")
    return name
