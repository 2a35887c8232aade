"""Readers of the original binary dataset formats (IDX for MNIST, CIFAR's binary version,
MATLAB level-5 MAT-files for SVHN).

Nothing here unpickles: the files are parsed from their documented byte layouts.
"""
import gzip
import struct
import tarfile
import zlib

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


# MATLAB level-5 MAT-files (what MATLAB writes with -v6 and -v7): the layout follows
# MathWorks' "MAT-File Format" document.
_MI_MATRIX, _MI_COMPRESSED = 14, 15
_MI_TYPES = {1: 'i1', 2: 'u1', 3: 'i2', 4: 'u2', 5: 'i4', 6: 'u4', 7: 'f4', 9: 'f8',
             12: 'i8', 13: 'u8'}
_MX_CLASSES = {6: 'f8', 7: 'f4', 8: 'i1', 9: 'u1', 10: 'i2', 11: 'u2', 12: 'i4', 13: 'u4',
               14: 'i8', 15: 'u8'}
_MX_LOGICAL, _MX_COMPLEX = 0x200, 0x800


def _mat_tag(buf, pos, order, name):
    """``(type, nbytes, data_start, next_element)`` of the data element at ``pos``."""
    if pos + 8 > len(buf):
        raise ValueError('{}: truncated MAT-file element'.format(name))
    first, second = numpy.frombuffer(buf, order + 'u4', 2, pos)
    first, second = int(first), int(second)
    if first >> 16:  # small element: type and size in 4 bytes, data in the next 4
        return first & 0xFFFF, first >> 16, pos + 4, pos + 8
    end = pos + 8 + second
    if end > len(buf):
        raise ValueError('{}: truncated MAT-file element'.format(name))
    return first, second, pos + 8, end + (-second) % 8


def _mat_numbers(buf, mtype, start, nbytes, order, name):
    if mtype not in _MI_TYPES:
        raise ValueError('{}: MAT-file numeric data of unknown type {}'.format(name, mtype))
    dtype = numpy.dtype(order + _MI_TYPES[mtype])
    return numpy.frombuffer(buf, dtype, nbytes // dtype.itemsize, start)


def _parse_mat_matrix(buf, order, name):
    """``(variable name, array or None)`` of an miMATRIX element's content ``buf``.

    Only numeric and logical arrays are read; other classes (cells, structs, chars, sparse
    matrices, objects) give ``None``.
    """
    mtype, n, start, pos = _mat_tag(buf, 0, order, name)
    flags = int(numpy.frombuffer(buf, order + 'u4', 1, start)[0])
    mtype, n, start, pos = _mat_tag(buf, pos, order, name)
    shape = tuple(int(d) for d in _mat_numbers(buf, mtype, start, n, order, name))
    mtype, n, start, pos = _mat_tag(buf, pos, order, name)
    var = bytes(buf[start:start + n]).decode('ascii', 'replace')
    cls = flags & 0xFF
    if cls not in _MX_CLASSES:
        return var, None
    mtype, n, start, pos = _mat_tag(buf, pos, order, name)
    values = _mat_numbers(buf, mtype, start, n, order, name)
    dtype = numpy.dtype(bool) if flags & _MX_LOGICAL else numpy.dtype(_MX_CLASSES[cls])
    if flags & _MX_COMPLEX:
        mtype, n, start, pos = _mat_tag(buf, pos, order, name)
        values = values + 1j * _mat_numbers(buf, mtype, start, n, order, name)
        dtype = numpy.result_type(dtype, numpy.complex64)
    size = int(numpy.prod(shape, dtype=numpy.int64))
    if values.size != size:
        raise ValueError('{}: MAT-file variable {} has {} values for the shape {}'.format(
            name, var, values.size, shape))
    # MATLAB stores arrays column-major, and may store a class's values in a smaller type
    return var, values.reshape(shape, order='F').astype(dtype.newbyteorder('='), copy=False)


def _inflate(f, nbytes, order, name):
    """Decompress an miCOMPRESSED element of ``nbytes`` bytes read from ``f`` piece by piece
    into one buffer of the size the element inside declares, so that a large variable is
    held in memory once (not as compressed data, pieces and a joined copy)."""
    inflater = zlib.decompressobj()
    out, filled, head = None, 0, b''
    remaining = nbytes
    while remaining > 0 or out is None:
        if remaining > 0:
            chunk = f.read(min(remaining, 1 << 20))
            if not chunk:
                raise ValueError('{}: truncated MAT-file'.format(name))
            remaining -= len(chunk)
            piece = inflater.decompress(chunk)
        else:
            piece = inflater.flush()
        if out is None:
            head += piece
            if len(head) < 8:
                if remaining == 0:
                    raise ValueError('{}: empty compressed MAT-file element'.format(name))
                continue
            first, second = (int(v) for v in numpy.frombuffer(head, order + 'u4', 2))
            out = numpy.empty(max(8 if first >> 16 else 8 + second, len(head)), numpy.uint8)
            piece = head
        if filled + len(piece) > len(out):
            raise ValueError('{}: a compressed MAT-file element is longer than it declares'
                             .format(name))
        out[filled:filled + len(piece)] = numpy.frombuffer(piece, numpy.uint8)
        filled += len(piece)
    tail = inflater.flush()
    if filled + len(tail) > len(out):
        raise ValueError('{}: a compressed MAT-file element is longer than it declares'
                         .format(name))
    out[filled:filled + len(tail)] = numpy.frombuffer(tail, numpy.uint8)
    filled += len(tail)
    return out[:filled]


def read_mat(path, names=None):
    """Read the numeric arrays of a MATLAB level-5 MAT-file (``save -v6`` / ``-v7``).

    Compressed (``-v7``) and uncompressed variables, both byte orders, real, complex and
    logical arrays of every numeric class are read; cells, structs, char arrays, sparse
    matrices and objects are skipped. Nothing is unpickled or evaluated: the file is parsed
    from its documented layout.

    Parameters
    ----------
    path : str
        The ``.mat`` file.
    names : collection of str, optional
        Return only these variables.

    Returns
    -------
    dict
        Variable name -> array (MATLAB's shape, in native byte order).

    Raises
    ------
    ValueError
        If the file is not a level-5 MAT-file (a version 7.3 file is HDF5: load it with
        h5py) or is damaged.
    """
    with open(path, 'rb') as f:
        header = f.read(128)
        if len(header) < 128 or header[126:128] not in (b'IM', b'MI'):
            raise ValueError('{} is not a level-5 MAT-file (MATLAB -v6/-v7)'.format(path))
        order = '<' if header[126:128] == b'IM' else '>'
        version = int.from_bytes(header[124:126], 'little' if order == '<' else 'big')
        if version != 0x0100:
            raise ValueError('{} is a MAT-file of version {:#06x}, not level 5 (-v6/-v7): a '
                             'version 7.3 file is HDF5 and can be read with h5py'.format(
                                 path, version))
        out = {}
        while True:
            tag = f.read(8)
            if not tag:
                break
            if len(tag) < 8:
                raise ValueError('{}: truncated MAT-file'.format(path))
            mtype, nbytes = numpy.frombuffer(tag, order + 'u4', 2)
            mtype, nbytes = int(mtype), int(nbytes)
            if mtype == _MI_COMPRESSED:
                element = _inflate(f, nbytes, order, path)
                inner, n, start, _ = _mat_tag(element, 0, order, path)
                if inner != _MI_MATRIX:
                    continue
                content = element[start:start + n]
            elif mtype == _MI_MATRIX:
                content = numpy.empty(nbytes, numpy.uint8)
                if f.readinto(memoryview(content)) != nbytes:
                    raise ValueError('{}: truncated MAT-file'.format(path))
            else:
                f.seek(nbytes, 1)
                continue
            var, array = _parse_mat_matrix(content, order, path)
            if array is not None and (names is None or var in names):
                out[var] = array
        return out
