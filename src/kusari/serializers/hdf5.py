"""HDF5 serializers (the ``h5py`` extra): ``save_hdf5``, ``load_hdf5`` and their classes.

Groups follow the paths of the NPZ layout (``predictor/l1/W``); ``None`` is an empty dataset,
as in Chainer. h5py is imported when first needed.
"""
import os

import numpy

from kusari import backend, serializer
from kusari.serializers._atomic import atomic_path


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise RuntimeError(
            'the HDF5 serializers need h5py, which is not installed. Install it with '
            "`pip install 'kusari[h5py]'` (or `pip install h5py`).") from e
    return h5py


def __getattr__(name):
    # ``_available`` (Chainer's flag, read by test suites): whether h5py is installed,
    # answered without importing it.
    if name == '_available':
        import importlib.util
        return importlib.util.find_spec('h5py') is not None
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def _to_cpu(value):
    if isinstance(value, numpy.ndarray):
        return value
    if backend._is_cupy_array(value):
        return value.get()
    return numpy.asarray(value)


class HDF5Serializer(serializer.Serializer):
    """Writes values into an HDF5 group.

    Parameters
    ----------
    group : h5py.Group
        The group to write into.
    compression : int
        The gzip level of datasets with more than one element.
    """

    def __init__(self, group, compression=4):
        self._h5py = _h5py()
        self.group = group
        self.compression = compression

    def __getitem__(self, key):
        name = self.group.name + '/' + key
        return HDF5Serializer(self.group.require_group(name), self.compression)

    def __call__(self, key, value):
        if value is None:
            if self._h5py.version.version_tuple < (2, 7, 0):
                raise RuntimeError('h5py>=2.7.0 is required to serialize None.')
            arr = self._h5py.Empty('f')
            compression = None
        elif isinstance(value, str):
            arr = value  # a variable-length UTF-8 string (NumPy's 'U' arrays do not fit HDF5)
            compression = None
        else:
            arr = _to_cpu(value)
            compression = None if arr.size <= 1 else self.compression
        self.group.create_dataset(key, data=arr, compression=compression)
        return value


def save_hdf5(filename, obj, compression=4):
    """Save ``obj`` (or a dict of arrays) to an HDF5 file, atomically.

    Parameters
    ----------
    filename : str or os.PathLike
        The destination.
    obj : object with a ``serialize`` method, or dict of arrays
    compression : int
        The gzip level (datasets of one element are not compressed).
    """
    h5py = _h5py()
    with atomic_path(filename) as tmp:
        with h5py.File(tmp, 'w') as f:
            if isinstance(obj, dict):
                for key, value in obj.items():
                    arr = numpy.asarray(value)
                    f.create_dataset('/' + key.lstrip('/'), data=arr,
                                     compression=None if arr.size <= 1 else compression)
            else:
                HDF5Serializer(f, compression=compression).save(obj)


class HDF5Deserializer(serializer.Deserializer):
    """Reads values from an HDF5 group.

    Parameters
    ----------
    group : h5py.Group or None
        The group to read.
    strict : bool
        If False, missing entries leave the values unchanged.
    """

    def __init__(self, group, strict=True):
        _h5py()
        self.group = group
        self.strict = strict

    def __getitem__(self, key):
        group = None
        if self.group is not None:
            name = self.group.name + '/' + key.strip('/')
            sub = self.group.get(name)
            if sub is not None and hasattr(sub, 'keys'):
                group = sub
        return HDF5Deserializer(group, strict=self.strict)

    def __call__(self, key, value):
        if self.group is None:
            if not self.strict:
                return value
            raise ValueError('Inexistent group is specified (key {!r})'.format(key))
        if not self.strict and key not in self.group:
            return value
        dataset = self.group[key]
        if dataset.shape is None:
            return None
        if dataset.dtype.hasobject:
            if _h5py().check_string_dtype(dataset.dtype) is None:
                raise ValueError('refusing to load {!r}: it holds Python objects'.format(key))
            # a string dataset (what h5py writes for str): read as str, not bytes
            text = dataset.asstr()[()]
            return text if value is None or isinstance(value, str) else type(value)(text)
        if value is None:
            return numpy.asarray(dataset)
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, numpy.asarray(dataset))
            return value
        if backend._is_cupy_array(value):
            value.set(numpy.asarray(dataset, dtype=value.dtype))
            return value
        return type(value)(numpy.asarray(dataset))


def load_hdf5(filename, obj):
    """Load ``obj`` from an HDF5 file written by :func:`save_hdf5` (or by Chainer).

    Parameters
    ----------
    filename : str or os.PathLike
    obj : object with a ``serialize`` method
    """
    h5py = _h5py()
    with h5py.File(os.fspath(filename), 'r') as f:
        HDF5Deserializer(f).load(obj)
