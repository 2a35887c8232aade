"""Readers of the original binary dataset formats (IDX for MNIST, CIFAR's binary version).

Nothing here unpickles: the files are parsed from their documented byte layouts.
"""
import gzip
import struct
import tarfile

import numpy

_IDX_TYPES = {
    0x08: numpy.dtype('u1'), 0x09: numpy.dtype('i1'), 0x0B: numpy.dtype('>i2'),
    0x0C: numpy.dtype('>i4'), 0x0D: numpy.dtype('>f4'), 0x0E: numpy.dtype('>f8'),
}


def _open(path):
    with open(path, 'rb') as f:
        magic = f.read(2)
    return gzip.open(path, 'rb') if magic == b'\x1f\x8b' else open(path, 'rb')


def parse_idx(data, name='<bytes>'):
    """Parse the bytes of an IDX file.

    The layout: two zero bytes, a type code (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int,
    0x0D float, 0x0E double), the number of dimensions, each dimension as a big-endian int32,
    then the data in big-endian C order.

    Parameters
    ----------
    data : bytes
        The (uncompressed) file content.
    name : str
        The file name used in error messages.

    Returns
    -------
    numpy.ndarray
        The array, in native byte order.

    Raises
    ------
    ValueError
        If the header is not IDX or the size does not match it.
    """
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise ValueError('{} is not an IDX file (bad magic number {!r})'.format(name, data[:4]))
    dtype = _IDX_TYPES[data[2]]
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError('{}: truncated IDX header'.format(name))
    shape = struct.unpack('>' + 'I' * ndim, data[4:header])
    count = int(numpy.prod(shape, dtype=numpy.int64))
    if len(data) - header != count * dtype.itemsize:
        raise ValueError('{}: IDX header says {} elements of {} bytes, the file has {} bytes '
                         'of data'.format(name, count, dtype.itemsize, len(data) - header))
    arr = numpy.frombuffer(data, dtype=dtype, offset=header, count=count).reshape(shape)
    return arr.astype(dtype.newbyteorder('='))


def read_idx(path):
    """Read an IDX file (gzip-compressed or not) into an array.

    Parameters
    ----------
    path : str
        The file.

    Returns
    -------
    numpy.ndarray
    """
    with _open(path) as f:
        return parse_idx(f.read(), path)


def parse_cifar_records(data, label_bytes, name='<bytes>'):
    """Parse CIFAR binary records: ``label_bytes`` label bytes, then 3072 pixel bytes.

    Parameters
    ----------
    data : bytes
        Whole records back to back (a ``data_batch_N.bin``, ``train.bin``, ...).
    label_bytes : int
        1 for CIFAR-10; 2 for CIFAR-100 (coarse label, then fine label).
    name : str
        The file name used in error messages.

    Returns
    -------
    images : numpy.ndarray
        uint8, shape ``(N, 3072)`` (red plane, green plane, blue plane; rows of 32).
    labels : numpy.ndarray
        uint8, shape ``(N, label_bytes)``.
    """
    size = label_bytes + 3072
    if len(data) % size:
        raise ValueError('{}: {} bytes is not a whole number of {}-byte CIFAR records'.format(
            name, len(data), size))
    records = numpy.frombuffer(data, dtype=numpy.uint8).reshape(-1, size)
    return records[:, label_bytes:].copy(), records[:, :label_bytes].copy()


def read_cifar_archive(path, members, label_bytes):
    """Read CIFAR records from members of the binary-version tar archive, concatenated.

    Parameters
    ----------
    path : str
        The ``.tar.gz`` archive.
    members : list of str
        The member names, in order.
    label_bytes : int
        See :func:`parse_cifar_records`.

    Returns
    -------
    images, labels : numpy.ndarray
    """
    images, labels = [], []
    with tarfile.open(path, 'r:*') as archive:
        for member in members:
            f = archive.extractfile(member)
            if f is None:
                raise ValueError('{}: {} is not a file'.format(path, member))
            x, y = parse_cifar_records(f.read(), label_bytes, '{}:{}'.format(path, member))
            images.append(x)
            labels.append(y)
    return numpy.concatenate(images), numpy.concatenate(labels)
