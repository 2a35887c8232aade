"""The Grad nodes of batch normalization (to the third order), the node oracle of Chainer
7.8.1, and the Numba kernels against the NumPy reference path."""
import os
import subprocess
import sys

import numpy
import pytest

import kusari
from kusari import testing
from kusari.functions.normalization import _bn_kernels as K
from kusari.functions.normalization.batch_normalization import (
    BatchNormalizationGrad,
    FixedBatchNormalizationGrad,
)
from kusari.variable import Variable

# reference values from Chainer 7.8.1 and PyTorch 2.13 (copied from shared/oracles)
ORACLES = os.path.join(os.path.dirname(__file__), '..', '..', 'oracles')
EPS = 2e-5



def _expander(ndim, red):
    return tuple(None if i in red else slice(None) for i in range(ndim))


def _gamma_shape(shape, red):
    return tuple(s for i, s in enumerate(shape) if i not in red)


def ref_bn_grad(x, gamma, gy, red, eps=EPS):
    m = x.size // gamma.size
    mu = x.mean(axis=red, keepdims=True)
    inv_std = 1.0 / numpy.sqrt(x.var(axis=red, keepdims=True) + eps)
    x_hat = (x - mu) * inv_std
    gbeta = gy.sum(axis=red, keepdims=True)
    ggamma = (gy * x_hat).sum(axis=red, keepdims=True)
    g = gamma.reshape(mu.shape)
    gx = g * inv_std * (gy - (x_hat * ggamma + gbeta) / m)
    return gx, ggamma.reshape(gamma.shape), gbeta.reshape(gamma.shape)


def ref_fixed_grad(x, gamma, mean, var, gy, red, eps=EPS):
    cs = tuple(1 if i in red else s for i, s in enumerate(x.shape))
    inv_std = 1.0 / numpy.sqrt(var + eps)
    x_hat = (x - mean.reshape(cs)) * inv_std.reshape(cs)
    gbeta = gy.sum(axis=red).reshape(gamma.shape)
    ggamma = (gy * x_hat).sum(axis=red).reshape(gamma.shape)
    gx = (gamma * inv_std).reshape(cs) * gy
    gmean = -gamma * inv_std * gbeta
    gvar = -0.5 * gamma * inv_std ** 2 * ggamma
    return gx, ggamma, gbeta, gmean, gvar


LAYOUTS = [
    {'shape': (5, 3), 'red': (0,)},
    {'shape': (3, 4, 2, 3), 'red': (0, 2, 3)},
    {'shape': (2, 3, 4), 'red': (0, 1)},
    {'shape': (2, 3, 2, 4), 'red': (1, 3)},
]


class TestBatchNormalizationGrad(testing.FunctionTestCase):
    params = LAYOUTS + [{'shape': (6, 4), 'red': (0,), 'zeros': True},
                        {'shape': (3, 4, 2, 2), 'red': (0, 2, 3), 'zeros': True}]
    check_order3 = True
    zeros = False

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        gamma = self.uniform(0.5, 1.5, gshape)
        if self.zeros:   # zeros in gamma: no division by gamma at any order
            gamma.reshape(-1)[::2] = 0.0
        return (self.uniform(-1, 1, self.shape) + 0.5, gamma, self.normal(self.shape))

    def forward(self, inputs, device):
        x = inputs[0]
        node = BatchNormalizationGrad(EPS, _expander(x.ndim, self.red), self.red, None, None,
                                      None, None)
        return node.apply(inputs)

    def forward_expected(self, inputs):
        return ref_bn_grad(*inputs, self.red)



class TestFixedBatchNormalizationGrad(testing.FunctionTestCase):
    params = LAYOUTS + [{'shape': (6, 4), 'red': (0,), 'zeros': True}]
    check_order3 = True
    zeros = False

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        gamma = self.uniform(0.5, 1.5, gshape)
        if self.zeros:
            gamma.reshape(-1)[::2] = 0.0
        return (self.uniform(-1, 1, self.shape), gamma, self.uniform(-0.5, 0.5, gshape),
                self.uniform(0.5, 1.5, gshape), self.normal(self.shape))

    def forward(self, inputs, device):
        x = inputs[0]
        node = FixedBatchNormalizationGrad(EPS, _expander(x.ndim, self.red), self.red, None,
                                           None)
        return node.apply(inputs)

    def forward_expected(self, inputs):
        return ref_fixed_grad(*inputs, self.red)



# -- the node oracle of Chainer 7.8.1 -------------------------------------------------------

def _close(got, want, rtol=1e-10):
    got = numpy.zeros_like(want) if got is None else numpy.asarray(got)
    scale = float(numpy.abs(want).max()) if want.size else 1.0
    testing.assert_allclose(got, want, atol=rtol * max(scale, 1e-300), rtol=rtol)


_NODE_CASES = [(c, v) for c in ('mlp', 'conv', 'conv_axis023', 'chlast')
               for v in ('full', 'some_none')]


@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('differentiable', [False, True])
@pytest.mark.parametrize('case,variant', _NODE_CASES)
def test_fixed_grad_node_oracle(case, variant, differentiable, use_numba):
    d = numpy.load(os.path.join(ORACLES, 'fixed_bn_grad_node.npz'))
    p = '{}/{}/'.format(case, variant)
    names = ('x', 'gamma', 'mean', 'var', 'gy')
    ins = [Variable(d[p + 'in/' + n].copy()) for n in names]
    axis = tuple(int(a) for a in d[p + 'axis'])
    node = FixedBatchNormalizationGrad(float(d['eps']), _expander(ins[0].ndim, axis), axis,
                                       None, None)
    up = []
    for n in ('ggx1', 'gggamma1', 'ggbeta1', 'ggmean1', 'ggvar1'):
        a = d[p + 'up/' + n]
        up.append(None if a.size == 0 else Variable(a.copy()))
    with kusari.using_config('use_numba', use_numba):
        outs = node.apply(ins)
        for n, o in zip(('gx', 'ggamma', 'gbeta', 'gmean', 'gvar'), outs):
            _close(o.array, d[p + 'out/' + n])
        # differentiable=True runs the F.* backward, False the fused kernel
        with kusari.using_config('enable_backprop', differentiable):
            back = node.backward((0, 1, 2, 3, 4), tuple(up))
    for n, g in zip(('gx2', 'ggamma2', 'gmean2', 'gvar2', 'ggy2'), back):
        _close(None if g is None else g.array, d[p + 'back/' + n])


# -- the fused second-order kernels equal the differentiable F.* path -------------------------

@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('missing', [(), ('ggx1',), ('gggamma1', 'ggbeta1'),
                                     ('ggx1', 'gggamma1')])
@pytest.mark.parametrize('shape,red', [((6, 3), (0,)), ((2, 3, 2, 4), (0, 2, 3)),
                                       ((2, 3, 4), (0, 1))])
def test_training_grad_backward_fused_equals_differentiable(shape, red, missing, use_numba):
    rng = numpy.random.default_rng(0)
    gshape = _gamma_shape(shape, red)
    ins = [Variable(rng.standard_normal(shape)), Variable(rng.uniform(-1, 1, gshape)),
           Variable(rng.standard_normal(shape))]
    up = {'ggx1': rng.standard_normal(shape), 'gggamma1': rng.standard_normal(gshape),
          'ggbeta1': rng.standard_normal(gshape)}
    up = tuple(None if k in missing else Variable(up[k]) for k in ('ggx1', 'gggamma1',
                                                                   'ggbeta1'))
    results = []
    with kusari.using_config('use_numba', use_numba):
        for differentiable in (False, True):
            node = BatchNormalizationGrad(EPS, _expander(len(shape), red), red, None, None,
                                          None, None)
            node.apply(ins)
            with kusari.using_config('enable_backprop', differentiable):
                results.append(node.backward((0, 1, 2), up))
    for a, b in zip(*results):
        testing.assert_allclose(a.array, b.array, atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize('indexes', [(0,), (1,), (2,), (0, 4), (3,)])
def test_fixed_grad_backward_returns_requested_only(indexes):
    rng = numpy.random.default_rng(1)
    ins = [Variable(a) for a in (rng.standard_normal((4, 3)), rng.uniform(0.5, 1, 3),
                                 rng.standard_normal(3), rng.uniform(0.5, 1, 3),
                                 rng.standard_normal((4, 3)))]
    node = FixedBatchNormalizationGrad(EPS, (None, slice(None)), (0,), None, None)
    node.apply(ins)
    up = (Variable(rng.standard_normal((4, 3))),) + tuple(
        Variable(rng.standard_normal(3)) for _ in range(4))
    for differentiable in (False, True):
        with kusari.using_config('enable_backprop', differentiable):
            back = node.backward(indexes, up)
        assert len(back) == 5
        for i, g in enumerate(back):
            assert (g is not None) == (i in indexes)


def test_fixed_grad_structural_zeros():
    """Without ggamma/gvar upstream gradients, gx2 and gmean2 are structurally zero."""
    rng = numpy.random.default_rng(2)
    ins = [Variable(a) for a in (rng.standard_normal((4, 3)), rng.uniform(0.5, 1, 3),
                                 rng.standard_normal(3), rng.uniform(0.5, 1, 3),
                                 rng.standard_normal((4, 3)))]
    node = FixedBatchNormalizationGrad(EPS, (None, slice(None)), (0,), None, None)
    node.apply(ins)
    up = (Variable(rng.standard_normal((4, 3))), None, Variable(rng.standard_normal(3)),
          None, None)
    for differentiable in (False, True):
        with kusari.using_config('enable_backprop', differentiable):
            gx2, ggamma2, gmean2, gvar2, ggy2 = node.backward((0, 1, 2, 3, 4), up)
        assert gx2 is None and gmean2 is None
        assert ggy2.shape == (4, 3) and ggamma2.shape == (3,) and gvar2.shape == (3,)


# -- Numba kernels against the NumPy reference path ------------------------------------------

_KERNEL_LAYOUTS = [((7, 5), (0,)), ((3, 4, 5, 6), (0, 2, 3)), ((3, 5, 4), (0, 1)),
                   ((2, 3, 4), (0, 1, 2)), ((64, 40), (0,)), ((4, 70, 3, 3), (0, 2, 3))]


def _both_paths(fn):
    with kusari.using_config('use_numba', True):
        assert K.numba_enabled()
        a = fn()
    with kusari.using_config('use_numba', False):
        assert not K.numba_enabled()
        b = fn()
    return a, b


def _compare(a, b, dtype):
    tol = dict(atol=1e-4, rtol=1e-4) if dtype == numpy.float32 else dict(atol=1e-12,
                                                                         rtol=1e-10)
    assert len(a) == len(b)
    for u, v in zip(a, b):
        if u is None or v is None:
            assert u is None and v is None
            continue
        assert u.dtype == v.dtype and u.shape == v.shape
        testing.assert_allclose(u.astype(numpy.float64), v.astype(numpy.float64), **tol)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,red', _KERNEL_LAYOUTS)
def test_kernels_match_numpy_path(shape, red, dtype):
    rng = numpy.random.default_rng(3)
    dt = numpy.dtype(dtype)
    geom = K.Geometry(shape, red)
    gshape = _gamma_shape(shape, red)

    def full():
        return (rng.standard_normal(shape) + 0.5).astype(dt)

    def chan(lo=-1.0, hi=1.0):
        return rng.uniform(lo, hi, gshape).astype(dt)

    x, gy, ggx = full(), full(), full()
    gamma, beta, mean, var = chan(0.5, 1.5), chan(), chan(), chan(0.5, 1.5)
    ups = [chan() for _ in range(4)]
    inv_std = (1.0 / numpy.sqrt(var + EPS)).astype(dt)
    np_ = numpy
    _compare(*_both_paths(lambda: (K.fixed_forward(x, gamma, beta, mean, var, EPS, geom, dt,
                                                   np_),)), dt)
    _compare(*_both_paths(lambda: K.train_forward(x, gamma, beta, EPS, geom, dt, np_)), dt)
    _compare(*_both_paths(lambda: K.grad(x, gamma, gy, mean, inv_std, geom, dt, np_)), dt)
    _compare(*_both_paths(lambda: K.fixed_grad(x, gamma, mean, inv_std, gy, geom, dt, np_)),
             dt)
    for g in (ggx, None):
        for need in ((True, True), (True, False), (False, True)):
            for u0, u1 in ((ups[0], ups[1]), (None, ups[1]), (None, None)):
                _compare(*_both_paths(lambda: K.gradgrad(
                    x, gamma, gy, g, u0, u1, mean, inv_std, geom, dt, np_, *need)), dt)
            for u in (ups, [None, ups[1], None, ups[3]], [ups[0], None, ups[2], None],
                      [None] * 4):
                _compare(*_both_paths(lambda: K.fixed_gradgrad(
                    x, gamma, mean, inv_std, gy, g, *u, geom, dt, np_, *need)), dt)


def test_kernels_on_float16_and_strided_inputs():
    rng = numpy.random.default_rng(4)
    x = rng.standard_normal((6, 4, 2, 6))[..., ::2]          # strided
    gamma, beta = rng.uniform(0.5, 1.5, 4), rng.standard_normal(4)
    for dtype in (numpy.float16, numpy.float32):
        xs = x.astype(dtype)[..., ::1]
        a, b = _both_paths(lambda: kusari.functions.batch_normalization(
            xs, gamma.astype(numpy.float32), beta.astype(numpy.float32)).array)
        assert a.dtype == b.dtype == dtype
        testing.assert_allclose(a.astype(numpy.float64), b.astype(numpy.float64),
                                atol=2e-3, rtol=2e-3)


def test_blocked_channels_cover_every_channel(monkeypatch):
    """Blocks smaller than the channel count give the same result as one block."""
    rng = numpy.random.default_rng(5)
    x = rng.standard_normal((5, 13, 3))
    gamma, beta = rng.uniform(0.5, 1.5, 13), rng.standard_normal(13)
    geom = K.Geometry(x.shape, (0, 2))
    dt = numpy.dtype(numpy.float64)
    want = K.train_forward(x, gamma, beta, EPS, geom, dt, numpy)
    monkeypatch.setattr(K, '_BLOCK_BYTES', 5 * 3 * 8 * 4)   # 4 channels a block
    got = K.train_forward(x, gamma, beta, EPS, geom, dt, numpy)
    for u, v in zip(got, want):
        testing.assert_allclose(u, v, atol=1e-14, rtol=1e-13)


def _python(code, **env):
    e = dict(os.environ)
    e.update(env)
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=e,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_env_variable_disables_numba_and_import_stays_lazy():
    code = ('import sys, kusari\n'
            'from kusari.functions.normalization import _bn_kernels as K\n'
            'print("numba" in sys.modules, K.numba_enabled(), kusari.config.use_numba)')
    assert _python(code, KUSARI_USE_NUMBA='0') == 'False False False'
    assert _python(code, KUSARI_USE_NUMBA='1') == 'False True True'
