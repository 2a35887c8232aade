"""HDF5 serializers: round trip, None entries, atomic writes, and the missing-h5py error."""
import os
import sys

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import optimizers, serializers

h5py = pytest.importorskip('h5py')


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
        return F.sum(F.matmul(x, self.l1.W), axis=1) * self.scale


X = numpy.array([[1.0, 2.0], [0.5, -1.0]])


def test_round_trip_model_and_optimizer(tmp_path):
    model = Model()
    opt = optimizers.MomentumSGD(lr=0.1).setup(model)
    opt.update(lambda: F.sum(model(X) ** 2))
    model.l1.N = 4
    serializers.save_hdf5(tmp_path / 'm.h5', model)
    serializers.save_hdf5(tmp_path / 'o.h5', opt)
    assert sorted(os.listdir(tmp_path)) == ['m.h5', 'o.h5']
    with h5py.File(tmp_path / 'm.h5', 'r') as f:
        assert f['l1/b'].shape is None                     # None as an empty dataset
        assert sorted(f['l1'].keys()) == ['N', 'W', 'avg', 'b']
    model2 = Model()
    opt2 = optimizers.MomentumSGD(lr=0.1).setup(model2)
    serializers.load_hdf5(tmp_path / 'm.h5', model2)
    serializers.load_hdf5(tmp_path / 'o.h5', opt2)
    numpy.testing.assert_array_equal(model2(X).array, model(X).array)
    assert model2.l1.N == 4 and model2.l1.b.array is None
    assert opt2.t == 1
    numpy.testing.assert_array_equal(model2.scale.update_rule.state['v'],
                                     model.scale.update_rule.state['v'])


def test_save_dict(tmp_path):
    serializers.save_hdf5(tmp_path / 'd.h5', {'a/b': numpy.arange(4)})
    with h5py.File(tmp_path / 'd.h5', 'r') as f:
        numpy.testing.assert_array_equal(f['a/b'][()], numpy.arange(4))


def test_non_strict_missing_group():
    import io
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as f:
        f.create_dataset('scale', data=numpy.array([7.0, 8.0]))
        model = Model()
        serializers.HDF5Deserializer(f, strict=False).load(model)
        numpy.testing.assert_array_equal(model.scale.array, [7.0, 8.0])
        with pytest.raises(ValueError, match='Inexistent group'):
            serializers.HDF5Deserializer(f).load(Model())


def test_crash_while_writing_leaves_target_intact(tmp_path, monkeypatch):
    path = tmp_path / 'm.h5'
    serializers.save_hdf5(path, Model())
    before = path.read_bytes()

    def crash(self, obj):
        raise RuntimeError('disk full')
    monkeypatch.setattr(serializers.HDF5Serializer, 'save', crash)
    with pytest.raises(RuntimeError, match='disk full'):
        serializers.save_hdf5(path, Model())
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ['m.h5']


def test_missing_h5py_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, 'h5py', None)
    with pytest.raises(RuntimeError, match=r"pip install 'kusari\[h5py\]'"):
        serializers.save_hdf5(tmp_path / 'x.h5', Model())
    with pytest.raises(RuntimeError, match='need h5py'):
        serializers.load_hdf5(tmp_path / 'x.h5', Model())
    assert not (tmp_path / 'x.h5').exists()


def test_available_flag_says_whether_h5py_is_installed():
    import importlib.util

    from kusari.serializers import hdf5
    assert hdf5._available is (importlib.util.find_spec('h5py') is not None)
    with pytest.raises(AttributeError, match='no attribute'):
        hdf5.no_such_name


def test_strings_round_trip_and_other_objects_are_refused(tmp_path):
    path = str(tmp_path / 's.h5')
    with h5py.File(path, 'w') as f:
        s = serializers.HDF5Serializer(f)
        assert s('name', 'relu ü') == 'relu ü'
        f.create_dataset('by_h5py', data='abc')           # h5py's own string dataset
        f.create_dataset('ragged', data=numpy.array([numpy.arange(2), numpy.arange(3)],
                                                    dtype=object),
                         dtype=h5py.vlen_dtype(numpy.int64))
    with h5py.File(path, 'r') as f:
        d = serializers.HDF5Deserializer(f)
        assert d('name', '') == 'relu ü'
        assert d('by_h5py', '') == 'abc' and d('by_h5py', None) == 'abc'
        with pytest.raises(ValueError, match="refusing to load 'ragged'"):
            d('ragged', None)


def test_none_needs_h5py_2_7(monkeypatch, tmp_path):
    monkeypatch.setattr(h5py.version, 'version_tuple', (2, 6, 0))
    with h5py.File(str(tmp_path / 'n.h5'), 'w') as f:
        with pytest.raises(RuntimeError, match='h5py>=2.7.0 is required to serialize None'):
            serializers.HDF5Serializer(f)('x', None)
