"""A model and an optimizer snapshot laid out as Chainer 7 writes them load into kusari."""
import io
import pickle
import zipfile

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import optimizers, serializers


class MLP(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(3, 4)
            self.bn = L.BatchNormalization(4)
            self.l2 = L.Linear(None, 2)     # lazy: Chainer saves its W as None until used

    def forward(self, x):
        return self.l2(F.relu(self.bn(self.l1(x))))


def _npy(value):
    buf = io.BytesIO()
    if value is None:       # what NumPy 1.x wrote for numpy.asarray(None) under Chainer 7
        numpy.lib.format.write_array_header_1_0(
            buf, {'descr': '|O', 'fortran_order': False, 'shape': ()})
        buf.write(pickle.dumps(numpy.asarray(None), protocol=3).replace(
            b'numpy._core.multiarray', b'numpy.core.multiarray'))
    else:
        numpy.lib.format.write_array(buf, numpy.asarray(value))
    return buf.getvalue()


def _write(path, entries):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for key, value in entries.items():
            z.writestr(key + '.npy', _npy(value))


def _chainer_entries(rng, lazy_initialized):
    e = {
        'predictor/l1/W': rng.standard_normal((4, 3)).astype(numpy.float32),
        'predictor/l1/b': rng.standard_normal(4).astype(numpy.float32),
        'predictor/bn/gamma': rng.uniform(0.5, 2, 4).astype(numpy.float32),
        'predictor/bn/beta': rng.standard_normal(4).astype(numpy.float32),
        'predictor/bn/avg_mean': rng.standard_normal(4).astype(numpy.float32),
        'predictor/bn/avg_var': rng.uniform(0.5, 2, 4).astype(numpy.float32),
        'predictor/bn/N': numpy.asarray(12),
        'predictor/l2/b': rng.standard_normal(2).astype(numpy.float32),
    }
    e['predictor/l2/W'] = (rng.standard_normal((2, 4)).astype(numpy.float32)
                           if lazy_initialized else None)
    return e


def _reference(e, x):
    h = x @ e['predictor/l1/W'].T + e['predictor/l1/b']
    h = (h - e['predictor/bn/avg_mean']) / numpy.sqrt(e['predictor/bn/avg_var'] + 2e-5)
    h = numpy.maximum(h * e['predictor/bn/gamma'] + e['predictor/bn/beta'], 0)
    return h @ e['predictor/l2/W'].T + e['predictor/l2/b']


def test_chainer_model_file_loads_and_predicts(tmp_path):
    e = _chainer_entries(numpy.random.default_rng(0), lazy_initialized=True)
    _write(tmp_path / 'model.npz', e)
    model = L.Classifier(MLP())
    serializers.load_npz(tmp_path / 'model.npz', model)
    assert model.predictor.bn.N == 12
    x = numpy.random.default_rng(1).standard_normal((5, 3)).astype(numpy.float32)
    with kusari.using_config('train', False):
        y = model.predictor(x)
    numpy.testing.assert_allclose(y.array, _reference(e, x), rtol=1e-5, atol=1e-5)
    # and kusari writes the same key set back
    assert set(serializers.npz.serialize(model)) == set(e)


def test_chainer_model_file_with_stored_none_keeps_link_lazy(tmp_path):
    e = _chainer_entries(numpy.random.default_rng(0), lazy_initialized=False)
    _write(tmp_path / 'model.npz', e)
    model = L.Classifier(MLP())
    serializers.load_npz(tmp_path / 'model.npz', model)
    assert model.predictor.l2.W.array is None
    numpy.testing.assert_array_equal(model.predictor.l2.b.array, e['predictor/l2/b'])
    numpy.testing.assert_array_equal(model.predictor.l1.W.array, e['predictor/l1/W'])


def test_chainer_optimizer_snapshot_loads(tmp_path):
    rng = numpy.random.default_rng(2)
    model = L.Classifier(MLP())
    model.predictor.l2.W.initialize((2, 4))
    opt = optimizers.MomentumSGD(lr=0.1).setup(model)
    entries = {'t': numpy.asarray(7), 'epoch': numpy.asarray(2)}
    velocities = {}
    for path, p in model.namedparams():
        key = path.lstrip('/')
        entries[key + '/t'] = numpy.asarray(7)
        velocities[key] = rng.standard_normal(p.shape).astype(numpy.float32)
        entries[key + '/v'] = velocities[key]
    _write(tmp_path / 'opt.npz', entries)
    serializers.load_npz(tmp_path / 'opt.npz', opt)
    assert (opt.t, opt.epoch) == (7, 2)
    for path, p in model.namedparams():
        assert p.update_rule.t == 7
        numpy.testing.assert_array_equal(p.update_rule.state['v'], velocities[path.lstrip('/')])
    # the loaded velocity is used by the next update: w += 0.9 v - 0.1 g
    w0 = model.predictor.l1.W.array.copy()
    g = numpy.ones_like(w0)
    for p in model.params():
        p.grad = numpy.zeros_like(p.array)
    model.predictor.l1.W.grad = g
    opt.update()
    numpy.testing.assert_allclose(model.predictor.l1.W.array,
                                  w0 + 0.9 * velocities['predictor/l1/W'] - 0.1 * g, rtol=1e-6)
    # saving writes Chainer's key set
    assert set(serializers.npz.serialize(opt)) == set(entries)


def test_model_round_trip_with_links(tmp_path):
    model = L.Classifier(MLP())
    x = numpy.random.default_rng(3).standard_normal((4, 3)).astype(numpy.float32)
    t = numpy.array([0, 1, 1, 0], numpy.int32)
    opt = optimizers.Adam().setup(model)
    for _ in range(2):
        opt.update(model, x, t)
    serializers.save_npz(tmp_path / 'm.npz', model)
    serializers.save_npz(tmp_path / 'o.npz', opt)
    model2 = L.Classifier(MLP())
    opt2 = optimizers.Adam().setup(model2)
    serializers.load_npz(tmp_path / 'm.npz', model2)
    serializers.load_npz(tmp_path / 'o.npz', opt2)
    with kusari.using_config('train', False):
        numpy.testing.assert_array_equal(model2.predictor(x).array, model.predictor(x).array)
    opt.update(model, x, t)
    opt2.update(model2, x, t)
    for (n1, p1), (n2, p2) in zip(model.namedparams(), model2.namedparams()):
        numpy.testing.assert_array_equal(p1.array, p2.array, err_msg=n1)
