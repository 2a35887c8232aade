"""NPZ serializers: ``save_npz``, ``load_npz``, ``DictionarySerializer``, ``NpzDeserializer``.

Keys use Chainer's layout (slash-joined paths without a leading slash, e.g. ``predictor/l1/W``),
so files written by Chainer 7 load here and the reverse.

Loading never runs code from the file. Arrays are read with ``allow_pickle=False``. Chainer
stores ``None`` (an uninitialized parameter, an unset persistent value) as a pickled 0-d object
array; such an entry is recognized by reading its ``.npy`` header and walking its pickle opcodes
with :mod:`pickletools` (which decodes, never executes), and accepted only when the opcodes
build exactly ``numpy.asarray(None)`` from NumPy's own array constructors. Any other object
entry is refused with a :class:`ValueError`.

Writing to a file name is atomic: the archive is written to a temporary file in the same
directory, fsynced and renamed over the target.
"""
import os
import pickletools
import zipfile
import zlib

import numpy
from numpy.lib import format as npy_format

from kusari import backend, serializer
from kusari.serializers._atomic import atomic_path


def _to_cpu(value):
    if value is None:
        return numpy.asarray(None)
    if isinstance(value, numpy.ndarray):
        return value
    if backend._is_cupy_array(value):
        return value.get()
    if isinstance(value, numpy.generic) or numpy.isscalar(value):
        return numpy.asarray(value)
    raise TypeError('cannot serialize a value of type {}'.format(type(value).__name__))


class DictionarySerializer(serializer.Serializer):
    """Collects the values of an object into a flat dict keyed by slash-joined paths.

    Parameters
    ----------
    target : dict, optional
        The dict to fill (a new one by default).
    path : str
        The prefix of every key (``''`` or ending with ``/``).
    """

    def __init__(self, target=None, path=''):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        key = key.strip('/')
        return DictionarySerializer(self.target, self.path + key + '/')

    def __call__(self, key, value):
        key = key.lstrip('/')
        self.target[self.path + key] = _to_cpu(value)
        return value


def serialize(obj):
    """The flat dict of arrays that :func:`save_npz` writes for ``obj``.

    Parameters
    ----------
    obj : object with a ``serialize`` method (a Link, an Optimizer, a Trainer, ...)

    Returns
    -------
    dict of str to numpy.ndarray
    """
    s = DictionarySerializer()
    s.save(obj)
    return s.target


def save_npz(file, obj, compression=True):
    """Save ``obj`` (or a dict of arrays) to an NPZ file.

    Parameters
    ----------
    file : str, os.PathLike or file object
        The destination. A file name is written atomically (a crash never leaves a partly
        written file under that name); ``.npz`` is not appended.
    obj : object with a ``serialize`` method, or dict of arrays
        What to save.
    compression : bool
        Use ``numpy.savez_compressed`` (default) rather than ``numpy.savez``.
    """
    target = obj if isinstance(obj, dict) else serialize(obj)
    save = numpy.savez_compressed if compression else numpy.savez
    if isinstance(file, (str, bytes, os.PathLike)):
        with atomic_path(file) as tmp:
            with open(tmp, 'wb') as f:
                save(f, **target)
        return
    save(file, **target)


# -- reading object entries without unpickling ---------------------------------------------

class _NoneMarker:
    """Stands for an entry holding Chainer's pickled ``None``."""

    def __repr__(self):
        return '<stored None>'


NONE_MARKER = _NoneMarker()

_MARK = object()
_RECONSTRUCT = {('numpy.core.multiarray', '_reconstruct'),
                ('numpy._core.multiarray', '_reconstruct')}
_STRING_OPS = {'SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'UNICODE', 'SHORT_BINSTRING',
               'BINSTRING', 'STRING'}
_BYTES_OPS = {'SHORT_BINBYTES', 'BINBYTES', 'BINBYTES8'}
_INT_OPS = {'INT', 'BININT', 'BININT1', 'BININT2', 'LONG', 'LONG1', 'LONG4'}
_MAX_NONE_PICKLE = 4096


class _Global:
    __slots__ = ('module', 'name')

    def __init__(self, module, name):
        self.module, self.name = module, name


class _Call:
    __slots__ = ('func', 'args', 'state')

    def __init__(self, func, args):
        self.func, self.args, self.state = func, args, None


def _decode_pickle(payload):
    """Decode a small pickle into a symbolic tree (globals and calls are never resolved).

    Returns None when the pickle uses anything beyond tuples, lists, scalars, globals,
    REDUCE and BUILD.
    """
    stack, memo = [], {}

    def pop_mark():
        for i in range(len(stack) - 1, -1, -1):
            if stack[i] is _MARK:
                items = stack[i + 1:]
                del stack[i:]
                return items
        raise ValueError('no mark')

    try:
        for op, arg, _ in pickletools.genops(payload):
            name = op.name
            if name in ('PROTO', 'FRAME'):
                continue
            if name == 'STOP':
                return stack.pop() if len(stack) == 1 else None
            if name == 'MARK':
                stack.append(_MARK)
            elif name == 'GLOBAL':
                module, _, attr = arg.partition(' ')
                stack.append(_Global(module, attr))
            elif name == 'STACK_GLOBAL':
                attr, module = stack.pop(), stack.pop()
                if not (isinstance(module, str) and isinstance(attr, str)):
                    return None
                stack.append(_Global(module, attr))
            elif name in _STRING_OPS or name in _BYTES_OPS or name in _INT_OPS:
                stack.append(arg)
            elif name == 'NONE':
                stack.append(None)
            elif name == 'NEWTRUE':
                stack.append(True)
            elif name == 'NEWFALSE':
                stack.append(False)
            elif name == 'EMPTY_TUPLE':
                stack.append(())
            elif name in ('TUPLE1', 'TUPLE2', 'TUPLE3'):
                n = int(name[-1])
                items = tuple(stack[-n:])
                del stack[-n:]
                stack.append(items)
            elif name == 'TUPLE':
                stack.append(tuple(pop_mark()))
            elif name == 'EMPTY_LIST':
                stack.append([])
            elif name == 'LIST':
                stack.append(list(pop_mark()))
            elif name == 'APPEND':
                value = stack.pop()
                if not isinstance(stack[-1], list):
                    return None
                stack[-1].append(value)
            elif name == 'APPENDS':
                items = pop_mark()
                if not isinstance(stack[-1], list):
                    return None
                stack[-1].extend(items)
            elif name in ('PUT', 'BINPUT', 'LONG_BINPUT'):
                memo[arg] = stack[-1]
            elif name == 'MEMOIZE':
                memo[len(memo)] = stack[-1]
            elif name in ('GET', 'BINGET', 'LONG_BINGET'):
                stack.append(memo[arg])
            elif name == 'REDUCE':
                args, func = stack.pop(), stack.pop()
                if not isinstance(func, _Global) or not isinstance(args, tuple):
                    return None
                stack.append(_Call(func, args))
            elif name == 'BUILD':
                state = stack.pop()
                if not isinstance(stack[-1], _Call) or stack[-1].state is not None:
                    return None
                stack[-1].state = state
            else:
                return None
    except (ValueError, IndexError, KeyError):
        return None
    return None


def _is_global(obj, pairs):
    return isinstance(obj, _Global) and (obj.module, obj.name) in pairs


def _is_pickled_none_array(payload):
    """True when ``payload`` is the pickle of ``numpy.asarray(None)`` as NumPy writes it."""
    if len(payload) > _MAX_NONE_PICKLE:
        return False
    root = _decode_pickle(payload)
    if not isinstance(root, _Call) or not _is_global(root.func, _RECONSTRUCT):
        return False
    args = root.args
    if (len(args) != 3 or not _is_global(args[0], {('numpy', 'ndarray')})
            or args[1] != (0,) or args[2] not in (b'b', 'b')):
        return False
    state = root.state
    if not isinstance(state, tuple) or len(state) != 5:
        return False
    _, shape, dtype, _, items = state
    if shape != ():
        return False
    if (not isinstance(dtype, _Call) or not _is_global(dtype.func, {('numpy', 'dtype')})
            or not dtype.args or dtype.args[0] not in ('O8', 'O4')):
        return False
    return isinstance(items, list) and len(items) == 1 and items[0] is None


def _read_header(fp):
    version = npy_format.read_magic(fp)
    if version == (1, 0):
        return npy_format.read_array_header_1_0(fp, max_header_size=100000)
    if version == (2, 0):
        return npy_format.read_array_header_2_0(fp, max_header_size=100000)
    return npy_format._read_array_header(fp, version, max_header_size=100000)


_ZIP_MAGICS = (b'PK\x03\x04', b'PK\x05\x06')   # a zip's first entry; an empty zip


def _first_bytes(file, n=8):
    """The first ``n`` bytes of a path or a seekable file object (None if unreadable here)."""
    if isinstance(file, (str, bytes, os.PathLike)):
        try:
            with open(file, 'rb') as f:
                return f.read(n)
        except OSError:
            return None     # numpy.load raises the error that names the problem
    try:
        pos = file.tell()
        head = file.read(n)
        file.seek(pos)
    except (AttributeError, OSError, ValueError):
        return None
    return head if isinstance(head, bytes) else None


def _check_magic(file, name):
    """Refuse, with a message that says what the file is, anything that is not a zip."""
    head = _first_bytes(file)
    if head is None or head.startswith(_ZIP_MAGICS):
        return
    if head.startswith(b'\x93NUMPY'):
        raise ValueError('{} is a single .npy array, not an NPZ archive'.format(name))
    if not head:
        raise ValueError('{} is empty, not an NPZ archive (a zip of .npy arrays, as save_npz '
                         'writes)'.format(name))
    what = ' (an HDF5 file: read it with kusari.serializers.load_hdf5)' \
        if head.startswith(b'\x89HDF') else ''
    raise ValueError('{} is not an NPZ archive{}: an NPZ file is a zip of .npy arrays, as '
                     'save_npz writes, and this file starts with {!r}'.format(name, what, head))


class _SafeNpz:
    """A read-only mapping over an NPZ archive that never unpickles.

    ``self[key]`` returns a NumPy array, or :data:`NONE_MARKER` for Chainer's stored None.
    """

    def __init__(self, file):
        self.name = os.fspath(file) if isinstance(file, (str, bytes, os.PathLike)) else \
            getattr(file, 'name', repr(file))
        _check_magic(file, self.name)
        try:
            npz = numpy.load(file, allow_pickle=False)
        except (zipfile.BadZipFile, EOFError, zlib.error) as e:
            raise ValueError('{} is not a readable NPZ file (truncated or corrupted): '
                             '{}'.format(self.name, e)) from None
        except ValueError:
            raise ValueError('{} is not an NPZ archive of arrays'.format(self.name)) from None
        if not isinstance(npz, numpy.lib.npyio.NpzFile):
            raise ValueError('{} is a single .npy array, not an NPZ archive'.format(self.name))
        self._npz = npz
        self._members = set(npz.zip.namelist())

    def close(self):
        self._npz.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def files(self):
        return self._npz.files

    def __contains__(self, key):
        return key in self._npz.files

    def __iter__(self):
        return iter(self._npz.files)

    def __getitem__(self, key):
        if key not in self._npz.files:
            raise KeyError('{} is not a file in the archive {}'.format(key, self.name))
        member = key + '.npy' if key + '.npy' in self._members else key
        try:
            with self._npz.zip.open(member) as fp:
                shape, _, dtype = _read_header(fp)
                if dtype.hasobject:
                    if shape == () and _is_pickled_none_array(fp.read(_MAX_NONE_PICKLE + 1)):
                        return NONE_MARKER
                    raise ValueError(
                        'refusing to load entry {!r} of {}: it holds a pickled Python object '
                        '(dtype {}, shape {}), and loading it would run code from the file. '
                        'Only arrays and the stored None markers Chainer writes are '
                        'accepted.'.format(key, self.name, dtype, shape))
            return self._npz[key]
        except (zipfile.BadZipFile, EOFError, zlib.error) as e:
            raise ValueError('entry {!r} of {} cannot be read (truncated or corrupted file): '
                             '{}'.format(key, self.name, e)) from None


def _is_none_entry(dataset):
    if dataset is NONE_MARKER:
        return True
    return (isinstance(dataset, numpy.ndarray) and dataset.dtype == object
            and dataset.shape == () and dataset[()] is None)


class NpzDeserializer(serializer.Deserializer):
    """Loads values from an NPZ archive (or any mapping of keys to arrays).

    Parameters
    ----------
    npz : mapping
        The archive: what :func:`load_npz` opens, a ``numpy.load`` result, or a dict.
    path : str
        The prefix of the keys read (``''`` or ending with ``/``).
    strict : bool
        If False, keys missing from the archive leave the values unchanged.
    ignore_names : str, callable or list of them, optional
        Keys (full paths) to skip; a callable gets the key and returns True to skip it.
    """

    def __init__(self, npz, path='', strict=True, ignore_names=None):
        self.npz = npz
        self.path = path
        self.strict = strict
        self.ignore_names = [] if ignore_names is None else ignore_names

    def __getitem__(self, key):
        key = key.strip('/')
        return NpzDeserializer(self.npz, self.path + key + '/', strict=self.strict,
                               ignore_names=self.ignore_names)

    def __call__(self, key, value):
        key = self.path + key.lstrip('/')
        if not self.strict and key not in self.npz:
            return value
        ignore_names = self.ignore_names
        if not isinstance(ignore_names, (tuple, list)):
            ignore_names = (ignore_names,)
        for ignore_name in ignore_names:
            if isinstance(ignore_name, str):
                if key == ignore_name:
                    return value
            elif callable(ignore_name):
                if ignore_name(key):
                    return value
            else:
                raise ValueError('ignore_names needs to be a callable, string or list of them.')
        dataset = self.npz[key]
        if _is_none_entry(dataset):
            return None
        if value is None:
            if isinstance(self.npz, (_SafeNpz, numpy.lib.npyio.NpzFile)):
                return numpy.asarray(dataset)   # a fresh array read from the file
            return numpy.array(dataset)         # never share arrays with a user's mapping
        if isinstance(value, numpy.ndarray):
            try:
                numpy.copyto(value, dataset)
            except (ValueError, TypeError) as e:
                raise ValueError('cannot load {!r}: stored shape {} dtype {}, destination '
                                 'shape {} dtype {} ({})'.format(
                                     key, numpy.shape(dataset), numpy.asarray(dataset).dtype,
                                     value.shape, value.dtype, e)) from None
            return value
        if backend._is_cupy_array(value):
            value.set(numpy.asarray(dataset, dtype=value.dtype))
            return value
        value_type = type(value)
        arr = numpy.asarray(dataset)
        if (issubclass(arr.dtype.type, numpy.number)
                and not (issubclass(arr.dtype.type, numpy.integer) and value_type is int)
                and not numpy.can_cast(arr.dtype, value_type, casting='safe')):
            raise TypeError('Cannot safely deserialize from numpy array with dtype={} into a '
                            'variable of type {}.'.format(arr.dtype, value_type))
        return value_type(arr)


def load_npz(file, obj, path='', strict=True, ignore_names=None):
    """Load ``obj`` from an NPZ file written by :func:`save_npz` (or by Chainer).

    Parameters
    ----------
    file : str, os.PathLike or file object
        The archive.
    obj : object with a ``serialize`` method
        The destination (a Link, an Optimizer, ...), filled in place.
    path : str
        Read the keys under this prefix, e.g. ``'updater/model:main/'`` for a model inside a
        trainer snapshot.
    strict : bool
        If False, entries missing from the file are skipped.
    ignore_names : str, callable or list of them, optional
        Keys to skip.

    Raises
    ------
    ValueError
        When the file is not an NPZ archive (the message says what its first bytes are), is
        truncated or corrupted, or an entry holds a pickled object other than Chainer's
        stored None (nothing from the file is executed).
    KeyError
        When ``strict`` and an entry is missing.
    """
    with _SafeNpz(file) as npz:
        NpzDeserializer(npz, path=path, strict=strict, ignore_names=ignore_names).load(obj)
