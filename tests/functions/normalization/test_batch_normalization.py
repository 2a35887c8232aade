import os

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.normalization import batch_normalization as bn_module
from kusari.utils.type_check import InvalidType
from kusari.variable import Variable

# reference values from Chainer 7.8.1 and PyTorch 2.13 (copied from shared/oracles)
ORACLES = os.path.join(os.path.dirname(__file__), '..', '..', 'oracles')
EPS = 2e-5



def _axes(ndim, gamma_ndim, axis):
    if axis is None:
        return (0,) + tuple(range(gamma_ndim + 1, ndim))
    return (axis,) if isinstance(axis, int) else tuple(axis)


def _cshape(shape, axis):
    return tuple(1 if i in axis else s for i, s in enumerate(shape))


def _gamma_shape(shape, axis):
    return tuple(s for i, s in enumerate(shape) if i not in axis)


def ref_bn(x, gamma, beta, axis, eps=EPS):
    mu = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True)
    cs = mu.shape
    return (x - mu) / numpy.sqrt(var + eps) * gamma.reshape(cs) + beta.reshape(cs)


def ref_fixed_bn(x, gamma, beta, mean, var, axis, eps=EPS):
    cs = _cshape(x.shape, axis)
    return ((x - mean.reshape(cs)) / numpy.sqrt(var.reshape(cs) + eps) * gamma.reshape(cs)
            + beta.reshape(cs))


# (x shape, axis argument, reduced axes): 2-D, 4-D, int, tuple, channel-last, 2-D gamma,
# kept axes that are not adjacent (NumPy path even with Numba)
LAYOUTS = [
    {'shape': (5, 3), 'axis': None, 'red': (0,)},
    {'shape': (3, 4, 2, 3), 'axis': None, 'red': (0, 2, 3)},
    {'shape': (3, 4, 2, 3), 'axis': (0, 2, 3), 'red': (0, 2, 3)},
    {'shape': (4, 3), 'axis': 0, 'red': (0,)},
    {'shape': (2, 3, 4), 'axis': (0, 1), 'red': (0, 1)},
    {'shape': (3, 4, 2, 3), 'axis': (0, 3), 'red': (0, 3)},
    {'shape': (2, 3, 2, 4), 'axis': (1, 3), 'red': (1, 3)},
]


class TestBatchNormalization(testing.FunctionTestCase):
    params = LAYOUTS + [
        {'shape': (6, 4), 'axis': None, 'red': (0,), 'zeros_in_gamma': True},
        {'shape': (3, 4, 2, 3), 'axis': None, 'red': (0, 2, 3), 'zeros_in_gamma': True},
    ]
    check_order3 = True
    zeros_in_gamma = False

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        x = self.uniform(-1, 1, self.shape) * 2.0 + 0.5
        gamma = self.uniform(0.5, 1.5, gshape)
        if self.zeros_in_gamma:
            gamma.reshape(-1)[::2] = 0.0
        beta = self.uniform(-1, 1, gshape)
        return x, gamma, beta

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return F.batch_normalization(x, gamma, beta, axis=self.axis),

    def forward_expected(self, inputs):
        return ref_bn(*inputs, axis=self.red),



class TestBatchNormalizationMixed(testing.FunctionTestCase):
    """x of the tested dtype, gamma and beta float32: computed in the promoted dtype (at
    least float32), returned in x's dtype; ggamma/gbeta keep gamma's dtype."""

    params = [{'shape': (6, 3), 'red': (0,)}, {'shape': (2, 3, 2, 2), 'red': (0, 2, 3)}]
    tolerances = {('forward', 'float32'): dict(atol=1e-5, rtol=1e-4)}

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        return (self.uniform(-1, 1, self.shape), self.uniform(0.5, 1.5, gshape),
                self.uniform(-1, 1, gshape))

    def cast_inputs(self, inputs, dtype):
        x, gamma, beta = inputs
        return x.astype(dtype), gamma.astype(numpy.float32), beta.astype(numpy.float32)

    def forward(self, inputs, device):
        return F.batch_normalization(*inputs),

    def forward_expected(self, inputs):
        return ref_bn(*inputs, axis=self.red),


class TestFixedBatchNormalization(testing.FunctionTestCase):
    params = LAYOUTS
    check_order3 = True

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        return (self.uniform(-1, 1, self.shape), self.uniform(0.5, 1.5, gshape),
                self.uniform(-1, 1, gshape), self.uniform(-0.5, 0.5, gshape),
                self.uniform(0.5, 1.5, gshape))

    def forward(self, inputs, device):
        return F.fixed_batch_normalization(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return ref_fixed_bn(*inputs, axis=self.red),



class TestFixedBatchNormalizationMixed(testing.FunctionTestCase):
    params = [{'shape': (6, 3), 'red': (0,)}, {'shape': (2, 3, 2, 2), 'red': (0, 2, 3)}]

    def generate_inputs(self):
        gshape = _gamma_shape(self.shape, self.red)
        return (self.uniform(-1, 1, self.shape), self.uniform(0.5, 1.5, gshape),
                self.uniform(-1, 1, gshape), self.uniform(-0.5, 0.5, gshape),
                self.uniform(0.5, 1.5, gshape))

    def cast_inputs(self, inputs, dtype):
        x = inputs[0].astype(dtype)
        return (x,) + tuple(a.astype(numpy.float32) for a in inputs[1:])

    def forward(self, inputs, device):
        return F.fixed_batch_normalization(*inputs),

    def forward_expected(self, inputs):
        return ref_fixed_bn(*inputs, axis=self.red),


# -- exactness against a composition of elementary functions, up to the third order --------

def _composed_bn(x, gamma, beta, axis, eps=EPS):
    m = 1
    for a in axis:
        m *= x.shape[a]
    cs = _cshape(x.shape, axis)
    mu = F.sum(x, axis=axis, keepdims=True) * (1.0 / m)
    xc = x - F.broadcast_to(mu, x.shape)
    var = F.sum(xc * xc, axis=axis, keepdims=True) * (1.0 / m)
    s = F.broadcast_to((var + eps) ** -0.5, x.shape)
    g = F.broadcast_to(F.reshape(gamma, cs), x.shape)
    b = F.broadcast_to(F.reshape(beta, cs), x.shape)
    return xc * s * g + b


def _composed_fixed(x, gamma, beta, mean, var, axis, eps=EPS):
    cs = _cshape(x.shape, axis)

    def e(v):
        return F.broadcast_to(F.reshape(v, cs), x.shape)

    return (x - e(mean)) * e((var + eps) ** -0.5) * e(gamma) + e(beta)


def _third_order(fn, inputs, rng):
    """Gradients up to the third order of a weighted sum of ``fn``'s output, as arrays."""
    vs = [Variable(a.copy()) for a in inputs]
    y = fn(*vs)
    w = rng.standard_normal(y.shape)
    g1 = kusari.grad([y], vs, [w], enable_double_backprop=True)
    u = [rng.standard_normal(v.shape) for v in vs]
    p1 = sum(F.sum(g * ui) for g, ui in zip(g1, u) if g is not None)
    g2 = kusari.grad([p1], vs, enable_double_backprop=True)
    u2 = [rng.standard_normal(v.shape) for v in vs]
    p2 = sum(F.sum(g * ui) for g, ui in zip(g2, u2) if g is not None)
    g3 = kusari.grad([p2], vs)
    return [[None if g is None else g.array for g in gs] for gs in (g1, g2, g3)]


@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('shape,red', [((5, 3), (0,)), ((3, 2, 2, 3), (0, 2, 3)),
                                       ((2, 3, 2), (0, 1))])
def test_training_matches_composition_to_third_order(shape, red, use_numba):
    rng = numpy.random.default_rng(1)
    gshape = _gamma_shape(shape, red)
    inputs = (rng.uniform(-1, 1, shape) + 0.3, rng.uniform(0.5, 1.5, gshape),
              rng.uniform(-1, 1, gshape))
    inputs[1].reshape(-1)[0] = 0.0   # a zero in gamma
    with kusari.using_config('use_numba', use_numba):
        got = _third_order(lambda x, g, b: F.batch_normalization(x, g, b, axis=red), inputs,
                           numpy.random.default_rng(2))
    want = _third_order(lambda x, g, b: _composed_bn(x, g, b, red), inputs,
                        numpy.random.default_rng(2))
    for order, (gs, ws) in enumerate(zip(got, want), 1):
        for g, w in zip(gs, ws):
            if w is None:
                assert g is None or not numpy.any(g), 'order {}'.format(order)
                continue
            scale = max(1.0, float(numpy.abs(w).max()))
            testing.assert_allclose(g, w, atol=1e-11 * scale, rtol=1e-10)


@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('shape,red', [((5, 3), (0,)), ((3, 2, 2, 3), (0, 2, 3))])
def test_fixed_matches_composition_to_third_order(shape, red, use_numba):
    rng = numpy.random.default_rng(3)
    gshape = _gamma_shape(shape, red)
    inputs = (rng.uniform(-1, 1, shape), rng.uniform(0.5, 1.5, gshape),
              rng.uniform(-1, 1, gshape), rng.uniform(-0.5, 0.5, gshape),
              rng.uniform(0.5, 1.5, gshape))
    with kusari.using_config('use_numba', use_numba):
        got = _third_order(lambda *a: F.fixed_batch_normalization(*a, axis=red), inputs,
                           numpy.random.default_rng(4))
    want = _third_order(lambda *a: _composed_fixed(*a, red), inputs,
                        numpy.random.default_rng(4))
    for order, (gs, ws) in enumerate(zip(got, want), 1):
        for g, w in zip(gs, ws):
            if w is None or g is None:
                assert (w is None or not numpy.any(w)) and (g is None or not numpy.any(g))
                continue
            scale = max(1.0, float(numpy.abs(w).max()))
            testing.assert_allclose(g, w, atol=1e-11 * scale, rtol=1e-10)


# -- running statistics ----------------------------------------------------------------------

@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('shape,axis,red', [((6, 3), None, (0,)),
                                            ((2, 3, 2, 2), None, (0, 2, 3)),
                                            ((2, 3, 4), (0, 1), (0, 1))])
def test_running_statistics(shape, axis, red, use_numba):
    rng = numpy.random.default_rng(5)
    gshape = _gamma_shape(shape, red)
    x = rng.standard_normal(shape) * 3 + 1
    gamma, beta = rng.uniform(0.5, 1.5, gshape), rng.standard_normal(gshape)
    mean0, var0 = rng.standard_normal(gshape), rng.uniform(0.5, 1.5, gshape)
    rm, rv = mean0.copy(), var0.copy()
    decay = 0.7
    with kusari.using_config('use_numba', use_numba):
        F.batch_normalization(x, gamma, beta, running_mean=rm, running_var=rv, decay=decay,
                              axis=axis)
    m = x.size // gamma.size
    want_mean = decay * mean0 + (1 - decay) * x.mean(axis=red)
    want_var = decay * var0 + (1 - decay) * x.var(axis=red) * m / (m - 1)
    testing.assert_allclose(rm, want_mean, atol=1e-13, rtol=1e-12)
    testing.assert_allclose(rv, want_var, atol=1e-13, rtol=1e-12)


def test_running_statistics_float32_and_mixed():
    rng = numpy.random.default_rng(6)
    x = rng.standard_normal((8, 4)).astype(numpy.float16)
    gamma, beta = numpy.ones(4, numpy.float32), numpy.zeros(4, numpy.float32)
    rm, rv = numpy.zeros(4, numpy.float32), numpy.ones(4, numpy.float32)
    y = F.batch_normalization(x, gamma, beta, running_mean=rm, running_var=rv)
    assert y.dtype == numpy.float16
    assert rm.dtype == numpy.float32 and rv.dtype == numpy.float32
    x64 = x.astype(numpy.float64)
    testing.assert_allclose(rm, 0.1 * x64.mean(axis=0), atol=1e-6, rtol=1e-5)
    testing.assert_allclose(rv, 0.9 + 0.1 * x64.var(axis=0, ddof=1), atol=1e-6, rtol=1e-5)


def test_no_running_statistics_leaves_node_stats():
    x = numpy.arange(12, dtype=numpy.float64).reshape(4, 3)
    node = bn_module.BatchNormalization()
    node.apply((x, numpy.ones(3), numpy.zeros(3)))
    assert node.running_mean is None and node.running_var is None
    testing.assert_allclose(node.mean, x.mean(axis=0), atol=0, rtol=1e-15)
    testing.assert_allclose(node.var, x.var(axis=0), atol=0, rtol=1e-15)


def test_gradients_reach_all_five_inputs_of_fixed():
    rng = numpy.random.default_rng(7)
    vs = [Variable(a) for a in (rng.standard_normal((4, 3)), rng.uniform(0.5, 1, 3),
                                rng.standard_normal(3), rng.standard_normal(3),
                                rng.uniform(0.5, 1, 3))]
    y = F.fixed_batch_normalization(*vs)
    y.grad = rng.standard_normal((4, 3))
    y.backward()
    for v in vs:
        assert v.grad is not None and v.grad.shape == v.shape and numpy.any(v.grad)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32])
def test_low_precision_training_close_to_float64(dtype):
    rng = numpy.random.default_rng(8)
    x = rng.standard_normal((16, 4, 3, 3)) * 2 + 3
    gamma, beta = rng.uniform(0.5, 1.5, 4), rng.standard_normal(4)
    y = F.batch_normalization(x.astype(dtype), gamma.astype(dtype), beta.astype(dtype))
    assert y.dtype == dtype
    tol = 2e-2 if dtype == numpy.float16 else 1e-5
    testing.assert_allclose(y.array.astype(numpy.float64),
                            ref_bn(x.astype(dtype).astype(numpy.float64), gamma.astype(dtype),
                                   beta.astype(dtype), (0, 2, 3)), atol=tol, rtol=tol)


# -- errors ------------------------------------------------------------------------------------

def _x(shape=(4, 3), dtype=numpy.float32):
    return numpy.ones(shape, dtype)


def test_gamma_of_wrong_shape():
    with pytest.raises(InvalidType, match=r'BatchNormalization[\s\S]*gamma.shape == x.shape '
                                          r'over the axes not reduced \(1,\)[\s\S]*'
                                          r'gamma.shape=\(4,\), x.shape=\(4, 3\)'):
        F.batch_normalization(_x(), _x((4,)), _x((4,)))


def test_gamma_of_wrong_ndim():
    with pytest.raises(InvalidType, match=r'gamma.ndim == x.ndim - len\(axis\)[\s\S]*'
                                          r'gamma.ndim=2, x.ndim=2, axis=\(0,\)'):
        F.batch_normalization(_x(), _x((3, 1)), _x((3, 1)), axis=0)


def test_beta_of_wrong_shape():
    with pytest.raises(InvalidType, match=r'beta.shape == gamma.shape[\s\S]*'
                                          r'beta.shape=\(2,\), gamma.shape=\(3,\)'):
        F.batch_normalization(_x(), _x((3,)), _x((2,)))


def test_mismatched_parameter_dtypes():
    with pytest.raises(InvalidType, match=r'beta.dtype == gamma.dtype[\s\S]*'
                                          r'beta.dtype=float64, gamma.dtype=float32'):
        F.batch_normalization(_x(), _x((3,)), _x((3,), numpy.float64))


@pytest.mark.parametrize('name', ['mean', 'var'])
def test_fixed_mismatched_statistics(name):
    args = dict(gamma=_x((3,)), beta=_x((3,)), mean=_x((3,)), var=_x((3,)))
    args[name] = _x((3,), numpy.float64)
    with pytest.raises(InvalidType, match=r'FixedBatchNormalization[\s\S]*{0}.dtype == '
                                          r'gamma.dtype[\s\S]*{0}.dtype=float64'.format(name)):
        F.fixed_batch_normalization(_x(), **args)
    args[name] = _x((2,))
    with pytest.raises(InvalidType, match=r'{0}.shape == gamma.shape[\s\S]*'
                                          r'{0}.shape=\(2,\)'.format(name)):
        F.fixed_batch_normalization(_x(), **args)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'[\s\S]*x.dtype=int64"):
        F.batch_normalization(numpy.ones((4, 3), numpy.int64), _x((3,)), _x((3,)))
    with pytest.raises(InvalidType, match=r"gamma.dtype.kind == 'f'"):
        F.batch_normalization(_x(), numpy.ones(3, numpy.int32), numpy.ones(3, numpy.int32))


@pytest.mark.parametrize('axis', [2, (0, 2), -3])
def test_axis_out_of_range(axis):
    with pytest.raises(InvalidType, match=r'-x.ndim <= axis < x.ndim for every axis[\s\S]*'
                                          r'x.ndim=2'):
        F.batch_normalization(_x(), _x((3,)), _x((3,)), axis=axis)
    with pytest.raises(InvalidType, match=r'FixedBatchNormalization[\s\S]*-x.ndim <= axis'):
        F.fixed_batch_normalization(_x(), *([_x((3,))] * 4), axis=axis)


@pytest.mark.parametrize('axis', [(2, 0), (0, 0), [3, 2]])
def test_axis_not_ascending(axis):
    x = _x((2, 3, 4, 5))
    for call in (lambda: F.batch_normalization(x, _x((3, 4)), _x((3, 4)), axis=axis),
                 lambda: F.fixed_batch_normalization(x, *([_x((3, 4))] * 4), axis=axis)):
        with pytest.raises(ValueError, match='numbers in axis must be sorted in ascending '
                                             'order'):
            call()
        with pytest.raises(RuntimeError):   # Chainer's error class
            call()


def test_negative_axes_normalized_then_checked():
    x = numpy.random.default_rng(0).standard_normal((3, 4, 2))
    y = F.batch_normalization(x, numpy.ones(4), numpy.zeros(4), axis=(0, -1))
    testing.assert_allclose(y.array, ref_bn(x, numpy.ones(4), numpy.zeros(4), (0, 2)),
                            atol=1e-12, rtol=1e-10)
    with pytest.raises(ValueError, match=r'ascending order, got \(-1, 2\)'):
        F.batch_normalization(x, numpy.ones((3, 4)), numpy.zeros((3, 4)), axis=(-1, 2))


def test_axis_of_wrong_type():
    with pytest.raises(ValueError, match='axis must be int, tuple of int or None'):
        F.batch_normalization(_x(), _x((3,)), _x((3,)), axis=0.5)


def test_train_argument_raises():
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        F.batch_normalization(_x(), _x((3,)), _x((3,)), train=True)
    with pytest.raises(TypeError, match=r'unexpected keyword argument\(s\) foo'):
        F.batch_normalization(_x(), _x((3,)), _x((3,)), foo=1)


@pytest.mark.parametrize('which', ['running_mean', 'running_var'])
def test_running_statistics_both_or_neither(which):
    with pytest.raises(ValueError, match='running_mean and running_var must be given '
                                         'together'):
        F.batch_normalization(_x(), _x((3,)), _x((3,)), **{which: numpy.zeros(3, 'f')})


@pytest.mark.parametrize('shape,axis', [((1, 3), None), ((1, 3, 1, 1), None), ((2, 1, 3), 1)])
def test_single_element_batch_warns_and_gives_beta(shape, axis):
    gshape = tuple(s for i, s in enumerate(shape)
                   if i not in _axes(len(shape), 1 if axis is None else 2, axis))
    beta = numpy.arange(numpy.prod(gshape), dtype=numpy.float32).reshape(gshape)
    rm, rv = numpy.zeros(gshape, 'f'), numpy.ones(gshape, 'f')
    with pytest.warns(UserWarning, match='a batch of a single element per channel'):
        y = F.batch_normalization(numpy.full(shape, 3.0, 'f'), numpy.ones(gshape, 'f'), beta,
                                  running_mean=rm, running_var=rv, decay=0.5, axis=axis)
    red = _axes(len(shape), len(gshape), axis)
    numpy.testing.assert_array_equal(y.array, numpy.broadcast_to(
        beta.reshape(_cshape(shape, red)), shape))
    # m / (m - 1) is taken as 1 when m == 1: no division by zero in the running variance
    numpy.testing.assert_array_equal(rm, numpy.full(gshape, 1.5, 'f'))
    numpy.testing.assert_array_equal(rv, numpy.full(gshape, 0.5, 'f'))


def test_empty_batch_raises():
    with pytest.raises(ValueError, match=r'the reduced axes \(0,\) of x \(shape \(0, 3\)\) '
                                         r'hold no element'):
        F.batch_normalization(numpy.ones((0, 3), 'f'), _x((3,)), _x((3,)))


# -- oracles: the real Chainer 7.8.1 and PyTorch ------------------------------------------

def _close(got, want, rtol):
    got = numpy.zeros_like(want) if got is None else numpy.asarray(got)
    scale = float(numpy.abs(want).max()) if numpy.size(want) else 1.0
    testing.assert_allclose(got, want, atol=rtol * max(scale, 1e-300), rtol=rtol)


def _run_oracle_case(d, case, mode):
    x, w = d[case + '/x'], d[case + '/w']
    gamma, beta = d[case + '/gamma'], d[case + '/beta']
    eps = float(d['eps'])
    xv, gv, bv = Variable(x.copy()), Variable(gamma.copy()), Variable(beta.copy())
    if mode == 'train':
        y = F.batch_normalization(xv, gv, bv, eps=eps)
    else:
        y = F.fixed_batch_normalization(xv, gv, bv, d[case + '/mean'], d[case + '/var'],
                                        eps=eps)
    loss = F.sum(y * w)
    gx, ggamma, gbeta = kusari.grad([loss], [xv, gv, bv], enable_double_backprop=True)
    pen = F.sum(gx * gx)
    pen_gx, pen_ggamma = kusari.grad([pen], [xv, gv])
    arr = lambda v: None if v is None else v.array  # noqa: E731
    return {'y': y.array, 'loss': loss.array, 'gx': gx.array, 'ggamma': ggamma.array,
            'gbeta': gbeta.array, 'pen': pen.array, 'pen_gx': arr(pen_gx),
            'pen_ggamma': arr(pen_ggamma)}


@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('mode', ['train', 'fixed'])
@pytest.mark.parametrize('case', ['mlp', 'conv'])
def test_double_backward_oracles(case, mode, use_numba):
    d = numpy.load(os.path.join(ORACLES, 'bn_double_backward.npz'))
    with kusari.using_config('use_numba', use_numba):
        got = _run_oracle_case(d, case, mode)
    checked = 0
    for peer in ('chainer', 'torch'):
        prefix = '{}/{}/{}/'.format(case, mode, peer)
        for key in ('y', 'loss', 'gx', 'ggamma', 'gbeta', 'pen', 'pen_gx', 'pen_ggamma'):
            _close(got[key], d[prefix + key], 1e-10)
            checked += 1
        if d[prefix + 'pen_gx_is_none']:
            assert got['pen_gx'] is None or not numpy.any(got['pen_gx'])
    _close(got['gx'], d['{}/{}/numpy_closed_form/gx'.format(case, mode)], 1e-10)
    for key in ('pen_gx', 'pen_ggamma'):
        _close(got[key], d['{}/{}/numpy_fd/{}'.format(case, mode, key)], 1e-7)
    assert checked == 16
