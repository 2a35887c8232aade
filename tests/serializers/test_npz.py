"""NPZ serializers: Chainer's key layout, round trips, stored None, and refusing unsafe files."""
import io
import os
import pickle
import zipfile

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import optimizers, serializers
from kusari.serializers import npz as npz_module


class Inner(kusari.Link):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.W = kusari.Parameter(numpy.arange(6.0).reshape(2, 3) / 10)
            self.b = kusari.Parameter(kusari.initializers.Zero(numpy.float64))  # lazy
        self.add_persistent('N', 0)
        self.add_persistent('avg', numpy.zeros(3))


class Model(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = Inner()
            self.scale = kusari.Parameter(numpy.array([2.0, -1.0]))

    def forward(self, x):
        y = F.matmul(x, self.l1.W) + (0 if self.l1.b.array is None else self.l1.b)
        return F.sum(y, axis=1) * self.scale


X = numpy.array([[1.0, 2.0], [0.5, -1.0]])


def _none_pickle(numpy1=True):
    """The bytes NumPy writes for numpy.asarray(None): protocol 3 (NumPy 1.x, as under
    Chainer 7) with ``numpy.core``, or NumPy 2's protocol 4 with ``numpy._core``."""
    if numpy1:
        data = pickle.dumps(numpy.asarray(None), protocol=3)
        return data.replace(b'numpy._core.multiarray', b'numpy.core.multiarray')
    buf = io.BytesIO()
    numpy.lib.format.write_array(buf, numpy.asarray(None), allow_pickle=True)
    buf.seek(0)
    numpy.lib.format.read_magic(buf)
    numpy.lib.format.read_array_header_1_0(buf)
    return buf.read()


def _npy_object_entry(payload, shape=()):
    buf = io.BytesIO()
    numpy.lib.format.write_array_header_1_0(
        buf, {'descr': '|O', 'fortran_order': False, 'shape': shape})
    return buf.getvalue() + payload


def write_chainer_npz(path, entries, numpy1=True):
    """An NPZ laid out as Chainer 7 writes it: one ``<key>.npy`` member per entry, None as a
    pickled 0-d object array."""
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as z:
        for key, value in entries.items():
            if value is None:
                data = _npy_object_entry(_none_pickle(numpy1))
            elif isinstance(value, bytes):
                data = value
            else:
                buf = io.BytesIO()
                numpy.lib.format.write_array(buf, numpy.asarray(value))
                data = buf.getvalue()
            z.writestr(key + '.npy', data)


def test_dictionary_serializer_layout():
    model = Model()
    d = npz_module.serialize(model)
    assert set(d) == {'scale', 'l1/W', 'l1/b', 'l1/N', 'l1/avg'}
    assert d['l1/b'].dtype == object and d['l1/b'][()] is None    # Chainer's None marker
    assert d['l1/N'].shape == () and d['l1/N'] == 0
    s = serializers.DictionarySerializer(path='a/')
    s['/x/']('/y', numpy.ones(1))
    assert list(s.target) == ['a/x/y']


@pytest.mark.parametrize('compression', [True, False])
def test_round_trip_model_and_optimizer(tmp_path, compression):
    model = Model()
    model.l1.b.initialize((3,))
    model.l1.b.array[...] = [0.1, 0.2, 0.3]
    opt = optimizers.Adam(alpha=0.01).setup(model)
    for _ in range(2):
        opt.update(lambda: F.sum(model(X) ** 2))
    model.l1.N = 7
    model.l1.avg[...] = [1.0, 2.0, 3.0]
    serializers.save_npz(tmp_path / 'model.npz', model, compression=compression)
    serializers.save_npz(str(tmp_path / 'opt.npz'), opt, compression=compression)
    assert sorted(os.listdir(tmp_path)) == ['model.npz', 'opt.npz']   # no temp files left

    model2 = Model()
    opt2 = optimizers.Adam(alpha=0.01).setup(model2)
    serializers.load_npz(tmp_path / 'model.npz', model2)
    serializers.load_npz(str(tmp_path / 'opt.npz'), opt2)
    numpy.testing.assert_array_equal(model2(X).array, model(X).array)
    assert model2.l1.N == 7 and type(model2.l1.N) is int
    numpy.testing.assert_array_equal(model2.l1.avg, [1.0, 2.0, 3.0])
    assert (opt2.t, opt2.epoch) == (2, 0)
    for (n1, p1), (n2, p2) in zip(model.namedparams(), model2.namedparams()):
        assert n1 == n2 and p1.update_rule.t == p2.update_rule.t == 2
        for key in ('m', 'v'):
            numpy.testing.assert_array_equal(p1.update_rule.state[key],
                                             p2.update_rule.state[key])
    opt.update(lambda: F.sum(model(X) ** 2))
    opt2.update(lambda: F.sum(model2(X) ** 2))
    numpy.testing.assert_array_equal(model2.l1.W.array, model.l1.W.array)


def test_file_object_round_trip():
    model = Model()
    buf = io.BytesIO()
    serializers.save_npz(buf, model)
    buf.seek(0)
    model2 = Model()
    model2.l1.W.array[...] = 0
    serializers.load_npz(buf, model2)
    numpy.testing.assert_array_equal(model2.l1.W.array, model.l1.W.array)


@pytest.mark.parametrize('numpy1', [True, False])
def test_chainer_layout_file_with_stored_none_loads(tmp_path, numpy1):
    path = tmp_path / 'chainer.npz'
    W = numpy.array([[1.0, 0.0, 2.0], [0.0, -1.0, 0.5]])
    write_chainer_npz(path, {'scale': numpy.array([1.0, 3.0]), 'l1/W': W, 'l1/b': None,
                             'l1/N': numpy.asarray(5), 'l1/avg': numpy.full(3, 0.5)},
                      numpy1=numpy1)
    model = Model()
    serializers.load_npz(path, model)
    assert model.l1.b.array is None          # stayed uninitialized, as in Chainer
    numpy.testing.assert_array_equal(model.l1.W.array, W)
    assert model.l1.N == 5
    numpy.testing.assert_array_equal(model(X).array, (X @ W).sum(axis=1) * [1.0, 3.0])


def test_stored_array_initializes_lazy_parameter(tmp_path):
    path = tmp_path / 'm.npz'
    write_chainer_npz(path, {'scale': numpy.ones(2), 'l1/W': numpy.zeros((2, 3)),
                             'l1/b': numpy.array([1.0, 2.0, 3.0]), 'l1/N': numpy.asarray(0),
                             'l1/avg': numpy.zeros(3)})
    model = Model()
    serializers.load_npz(path, model)
    numpy.testing.assert_array_equal(model.l1.b.array, [1.0, 2.0, 3.0])


def test_save_writes_none_marker_that_loads_back(tmp_path):
    model = Model()
    serializers.save_npz(tmp_path / 'm.npz', model)
    with zipfile.ZipFile(tmp_path / 'm.npz') as z:
        with z.open('l1/b.npy') as f:
            numpy.lib.format.read_magic(f)
            shape, _, dtype = numpy.lib.format.read_array_header_1_0(f)
    assert (shape, dtype) == ((), numpy.dtype(object))
    model2 = Model()
    serializers.load_npz(tmp_path / 'm.npz', model2)
    assert model2.l1.b.array is None


def test_path_strict_and_ignore_names(tmp_path):
    path = tmp_path / 'snap.npz'
    write_chainer_npz(path, {'updater/model:main/scale': numpy.array([4.0, 5.0]),
                             'updater/model:main/l1/W': numpy.ones((2, 3)),
                             'updater/model:main/l1/N': numpy.asarray(3)})
    model = Model()
    with pytest.raises(KeyError):
        serializers.load_npz(path, model, path='updater/model:main/')
    model = Model()
    serializers.load_npz(path, model, path='updater/model:main/', strict=False)
    numpy.testing.assert_array_equal(model.scale.array, [4.0, 5.0])
    assert model.l1.N == 3
    numpy.testing.assert_array_equal(model.l1.avg, numpy.zeros(3))
    model = Model()
    serializers.load_npz(path, model, path='updater/model:main/', strict=False,
                         ignore_names=['updater/model:main/scale',
                                       lambda key: key.endswith('/N')])
    numpy.testing.assert_array_equal(model.scale.array, [2.0, -1.0])
    assert model.l1.N == 0
    with pytest.raises(ValueError, match='ignore_names needs to be a callable, string'):
        serializers.load_npz(path, Model(), path='updater/model:main/', strict=False,
                             ignore_names=[3])


def test_shape_mismatch_names_the_key(tmp_path):
    path = tmp_path / 'bad.npz'
    write_chainer_npz(path, {'scale': numpy.ones(5)})
    with pytest.raises(ValueError, match=r"cannot load 'scale': stored shape \(5,\)"):
        serializers.load_npz(path, Model(), strict=False)


def test_unsafe_scalar_cast_is_refused():
    class P(kusari.Link):
        def __init__(self):
            super().__init__()
            self.add_persistent('n', 1)
    with pytest.raises(TypeError, match='Cannot safely deserialize'):
        serializers.NpzDeserializer({'n': numpy.asarray(1.5)}).load(P())


# -- refusing bad files, executing nothing --------------------------------------------------

class _Evil:
    """Unpickling this calls open(path, 'w'), creating the file."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return open, (self.path, 'w')


def _evil_npz(path, target, shape=()):
    arr = numpy.empty(shape, dtype=object)
    arr[...] = _Evil(str(target)) if shape == () else None
    if shape != ():
        arr.flat[0] = _Evil(str(target))
    model = npz_module.serialize(Model())
    model['l1/W'] = arr
    numpy.savez(path, **model)


@pytest.mark.parametrize('shape', [(), (2,)])
def test_pickled_object_is_refused_and_never_executed(tmp_path, shape):
    path, target = tmp_path / 'evil.npz', tmp_path / 'pwned'
    _evil_npz(path, target, shape)
    with pytest.raises(ValueError, match=r"refusing to load entry 'l1/W' of .*evil.npz: it "
                                         r'holds a pickled Python object'):
        serializers.load_npz(path, Model())
    assert not target.exists()
    # the payload is live: NumPy's own loader with pickling allowed does run it
    with numpy.load(path, allow_pickle=True) as f:
        f['l1/W']
    assert target.exists()


def test_forged_none_marker_with_other_global_is_refused(tmp_path):
    target = tmp_path / 'pwned'
    payload = _none_pickle(numpy1=True).replace(b'cnumpy.core.multiarray\n_reconstruct\n',
                                                b'cbuiltins\nopen\n')
    payload = payload.replace(b'cnumpy\nndarray\n', b'X' + len(str(target)).to_bytes(4, 'little')
                              + str(target).encode() + b'X\x01\x00\x00\x00w', 1)
    path = tmp_path / 'forged.npz'
    write_chainer_npz(path, {'scale': _npy_object_entry(payload)})
    with pytest.raises(ValueError, match="refusing to load entry 'scale'"):
        serializers.load_npz(path, Model(), strict=False)
    assert not target.exists()


def test_object_entry_with_non_none_value_is_refused(tmp_path):
    path = tmp_path / 'str.npz'
    numpy.savez(path, scale=numpy.asarray('text', dtype=object))
    with pytest.raises(ValueError, match="refusing to load entry 'scale'"):
        serializers.load_npz(path, Model(), strict=False)


def test_truncated_file_is_refused(tmp_path):
    path = tmp_path / 'model.npz'
    serializers.save_npz(path, Model())
    data = path.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 10):
        (tmp_path / 'cut.npz').write_bytes(data[:cut])
        with pytest.raises(ValueError, match=r'cut.npz is not a readable NPZ file \(truncated '
                                             r'or corrupted\)'):
            serializers.load_npz(tmp_path / 'cut.npz', Model())


def test_corrupted_member_is_refused(tmp_path):
    path = tmp_path / 'model.npz'
    serializers.save_npz(path, Model(), compression=False)
    data = bytearray(path.read_bytes())
    i = data.index(b'\x93NUMPY', data.index(b'l1/W.npy'))
    data[i + 130] ^= 0xFF          # flip a byte of the array data: the CRC no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"entry 'l1/W' of .* cannot be read \(truncated or "
                                         r'corrupted file\)'):
        serializers.load_npz(path, Model())


def test_not_an_npz_is_refused(tmp_path):
    path = tmp_path / 'x.npy'
    numpy.save(path, numpy.ones(3))
    with pytest.raises(ValueError, match='single .npy array, not an NPZ archive'):
        serializers.load_npz(path, Model())
    path = tmp_path / 'x.pkl'
    path.write_bytes(pickle.dumps({'a': 1}))
    with pytest.raises(ValueError, match=r'x.pkl is not an NPZ archive: an NPZ file is a zip '
                                         r"of .npy arrays, as save_npz writes, and this file "
                                         r"starts with b'\\x80") as e:
        serializers.load_npz(path, Model())
    assert 'pickle' not in str(e.value)      # never points at unpickling


@pytest.mark.parametrize('content, expected', [
    (b'hello, not a zip\n', r"t.txt is not an NPZ archive: .* starts with b'hello, n'"),
    (b'', r't.txt is empty, not an NPZ archive \(a zip of .npy arrays'),
    (b'\x89HDF\r\n\x1a\n' + bytes(64), r't.txt is not an NPZ archive \(an HDF5 file: read '
                                          r'it with kusari.serializers.load_hdf5\)'),
])
def test_file_that_is_not_a_zip_says_what_it_is(tmp_path, content, expected):
    path = tmp_path / 't.txt'
    path.write_bytes(content)
    with pytest.raises(ValueError, match=expected) as e:
        serializers.load_npz(str(path), Model())
    assert 'allow_pickle' not in str(e.value)
    with open(path, 'rb') as f:            # a file object: the same check, position kept
        with pytest.raises(ValueError, match=expected):
            serializers.load_npz(f, Model())
        assert f.tell() == 0


def test_crash_while_writing_leaves_target_intact(tmp_path, monkeypatch):
    path = tmp_path / 'model.npz'
    serializers.save_npz(path, Model())
    before = path.read_bytes()

    def crash(f, **arrays):
        f.write(b'PK\x03\x04 partial')
        raise KeyboardInterrupt('power cut')
    monkeypatch.setattr(numpy, 'savez_compressed', crash)
    model = Model()
    model.scale.array[...] = 100
    with pytest.raises(KeyboardInterrupt):
        serializers.save_npz(path, model)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ['model.npz']
    monkeypatch.undo()
    serializers.load_npz(path, Model())


def test_save_dict_and_keeps_name_without_npz_suffix(tmp_path):
    path = tmp_path / 'weights.bin'
    serializers.save_npz(path, {'a': numpy.arange(3)})
    assert os.listdir(tmp_path) == ['weights.bin']
    with numpy.load(path) as f:
        numpy.testing.assert_array_equal(f['a'], numpy.arange(3))


def test_npz_deserializer_accepts_numpy_load_result(tmp_path):
    model = Model()
    serializers.save_npz(tmp_path / 'm.npz', model)
    model2 = Model()
    model2.scale.array[...] = 0
    with numpy.load(tmp_path / 'm.npz', allow_pickle=True) as f:
        serializers.NpzDeserializer(f).load(model2)
    numpy.testing.assert_array_equal(model2.scale.array, model.scale.array)
    assert model2.l1.b.array is None
