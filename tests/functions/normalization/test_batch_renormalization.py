import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _axes(x, gamma):
    return (0,) + tuple(range(gamma.ndim + 1, x.ndim))


def _expand(a, x):
    return a.reshape((1,) + a.shape + (1,) * (x.ndim - a.ndim - 1))


def _r_d(x, gamma, rmean, rvar, rmax, dmax, eps):
    axes = _axes(x, gamma)
    mean = x.mean(axis=axes)
    std = numpy.sqrt(x.var(axis=axes) + eps)
    rs = numpy.sqrt(rvar + eps)
    r = numpy.clip(std / rs, 1 / rmax, rmax)
    d = numpy.clip((mean - rmean) / rs, -dmax, dmax)
    return r, d


def _brn(x, gamma, beta, rmean, rvar, rmax, dmax, eps):
    axes = _axes(x, gamma)
    mean = x.mean(axis=axes, keepdims=True)
    std = numpy.sqrt(x.var(axis=axes, keepdims=True) + eps)
    r, d = _r_d(x, gamma, rmean, rvar, rmax, dmax, eps)
    x_hat = (x - mean) / std * _expand(r, x) + _expand(d, x)
    return _expand(gamma, x) * x_hat + _expand(beta, x)


class TestBatchRenormalization(testing.FunctionTestCase):
    # The running statistics are far from the batch ones, so that r and d are clipped: then
    # they are locally constant in x and the numerical gradients see the same function as
    # the analytic ones (r and d are constants to differentiation).
    params = [
        {'shape': (5, 3), 'gshape': (3,), 'rmax': 2., 'dmax': 0.5, 'eps': 2e-5},
        {'shape': (4, 3, 2, 2), 'gshape': (3,), 'rmax': 3., 'dmax': 0.25, 'eps': 2e-5},
        {'shape': (3, 2, 3, 2), 'gshape': (2, 3), 'rmax': 2., 'dmax': 1., 'eps': 0.1},
        {'shape': (5, 3), 'gshape': (3,), 'rmax': 1., 'dmax': 0., 'eps': 2e-5},
    ]

    def generate_inputs(self):
        x = self.normal(self.shape)
        self.rmean = numpy.where(self.rng.uniform(size=self.gshape) < .5, -20., 20.)
        self.rvar = numpy.full(self.gshape, 100.)
        return x, self.uniform(0.5, 1.5, self.gshape), self.uniform(-1, 1, self.gshape)

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return F.batch_renormalization(
            x, gamma, beta, self.rmax, self.dmax, eps=self.eps,
            running_mean=device.send(self.rmean.copy()),
            running_var=device.send(self.rvar.copy())),

    def forward_expected(self, inputs):
        x, gamma, beta = inputs
        return _brn(x, gamma, beta, self.rmean, self.rvar, self.rmax, self.dmax, self.eps),


class TestBatchRenormalizationOrder3(TestBatchRenormalization):
    params = [{'shape': (3, 2), 'gshape': (2,), 'rmax': 2., 'dmax': 0.5, 'eps': 2e-5},
              {'shape': (2, 2, 2), 'gshape': (2,), 'rmax': 2., 'dmax': 0.5, 'eps': 2e-5}]
    dtypes = (numpy.float64,)
    check_order3 = True


class TestBatchRenormalizationMixed(TestBatchRenormalization):
    """float16 x with float32 gamma, beta and running statistics: float16 output."""

    params = [{'shape': (4, 3, 2), 'gshape': (3,), 'rmax': 2., 'dmax': 0.5, 'eps': 2e-5}]
    dtypes = (numpy.float16,)

    def cast_inputs(self, inputs, dtype):
        x, gamma, beta = inputs
        return x.astype(dtype), gamma.astype(numpy.float32), beta.astype(numpy.float32)


def _setup(shape=(6, 3, 2), seed=1):
    rng = numpy.random.default_rng(seed)
    c = shape[1]
    x = rng.normal(1., 2., shape)
    gamma = rng.uniform(0.5, 1.5, c)
    beta = rng.uniform(-1, 1, c)
    rmean = rng.uniform(-0.2, 0.2, c) + x.mean(axis=(0, 2))
    rvar = x.var(axis=(0, 2)) * rng.uniform(0.8, 1.2, c)
    return x, gamma, beta, rmean, rvar


def test_r_and_d_are_constants():
    # unclipped r and d: the gradient is that of batch normalization with gamma * r, beta +
    # gamma * d, i.e. Chainer's first-order formula
    x, gamma, beta, rmean, rvar = _setup()
    rmax, dmax, eps = 3., 1., 2e-5
    r, d = _r_d(x, gamma, rmean, rvar, rmax, dmax, eps)
    assert ((r > 1 / rmax) & (r < rmax) & (r != 1)).all() and ((abs(d) < dmax) & (d != 0)).all()
    xv, gv, bv = kusari.Variable(x), kusari.Variable(gamma), kusari.Variable(beta)
    y = F.batch_renormalization(xv, gv, bv, rmax, dmax, eps, rmean, rvar)
    gy = numpy.random.default_rng(2).normal(size=x.shape)
    gx, gg, gb = kusari.grad([y], [xv, gv, bv], [gy])
    axes = (0, 2)
    m = x.size // gamma.size
    mean = x.mean(axis=axes, keepdims=True)
    std = numpy.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) / std
    e = lambda a: a.reshape(1, -1, 1)  # noqa: E731
    gbeta = gy.sum(axis=axes)
    gsigma = (gy * x_hat).sum(axis=axes)
    gx_ref = e(r * gamma) / std * (gy - (x_hat * e(gsigma) + e(gbeta)) / m)
    numpy.testing.assert_allclose(gx.array, gx_ref, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(gg.array, (gy * (x_hat * e(r) + e(d))).sum(axis=axes),
                                  rtol=1e-12)
    numpy.testing.assert_allclose(gb.array, gbeta, rtol=1e-12)


def test_second_order_with_unclipped_r_d():
    # the double backward equals that of the same composition with r and d frozen
    x, gamma, beta, rmean, rvar = _setup(shape=(4, 2, 3))
    rmax, dmax, eps = 3., 1., 2e-5
    r, d = _r_d(x, gamma, rmean, rvar, rmax, dmax, eps)

    def frozen(xv, gv, bv):
        mean = F.mean(xv, axis=(0, 2), keepdims=True)
        xc = xv - mean
        std = F.sqrt(F.mean(xc * xc, axis=(0, 2), keepdims=True) + eps)
        return (xc / std * r.reshape(1, -1, 1) + d.reshape(1, -1, 1)) * \
            F.reshape(gv, (1, -1, 1)) + F.reshape(bv, (1, -1, 1))

    def second(f):
        xv, gv = kusari.Variable(x), kusari.Variable(gamma)
        y = f(xv, gv, beta)
        gx, gg = kusari.grad([F.sum(y * y * y)], [xv, gv], enable_double_backprop=True)
        return [g.array for g in kusari.grad([F.sum(gx * gx) + F.sum(gg * gg)], [xv, gv])]

    got = second(lambda xv, gv, bv: F.batch_renormalization(
        xv, gv, bv, rmax, dmax, eps, rmean, rvar))
    want = second(frozen)
    for a, b in zip(got, want):
        numpy.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize('decay', [0.9, 0.5])
def test_update_statistics(decay):
    x, gamma, beta, rmean, rvar = _setup()
    rm, rv = rmean.copy(), rvar.copy()
    F.batch_renormalization(x, gamma, beta, 2., 1., running_mean=rm, running_var=rv,
                            decay=decay, update_statistics=True)
    m = x.shape[0] * x.shape[2]
    numpy.testing.assert_allclose(rm, decay * rmean + (1 - decay) * x.mean(axis=(0, 2)),
                                  rtol=1e-13)
    numpy.testing.assert_allclose(
        rv, decay * rvar + (1 - decay) * x.var(axis=(0, 2)) * m / (m - 1), rtol=1e-13)


def test_no_update_by_default():
    x, gamma, beta, rmean, rvar = _setup()
    rm, rv = rmean.copy(), rvar.copy()
    F.batch_renormalization(x, gamma, beta, 2., 1., running_mean=rm, running_var=rv)
    numpy.testing.assert_array_equal(rm, rmean)
    numpy.testing.assert_array_equal(rv, rvar)


def test_update_statistics_float32():
    x, gamma, beta, rmean, rvar = _setup()
    rm, rv = rmean.astype(numpy.float32), rvar.astype(numpy.float32)
    y = F.batch_renormalization(x.astype(numpy.float16), gamma.astype(numpy.float32),
                                beta.astype(numpy.float32), 2., 1., running_mean=rm,
                                running_var=rv, update_statistics=True)
    assert y.dtype == numpy.float16 and rm.dtype == numpy.float32
    numpy.testing.assert_allclose(rm, 0.9 * rmean + 0.1 * x.mean(axis=(0, 2)), rtol=2e-3)


@pytest.mark.parametrize('missing', ['running_mean', 'running_var'])
def test_running_statistics_required(missing):
    x, gamma, beta, rmean, rvar = _setup()
    kw = {'running_mean': rmean, 'running_var': rvar}
    kw[missing] = None
    with pytest.raises(TypeError, match=missing + ' is required'):
        F.batch_renormalization(x, gamma, beta, 2., 1., **kw)


def _bad(x=(4, 3, 2), g=(3,), b=(3,), rm=(3,), rv=(3,), dtype=numpy.float32, gdtype=None,
         bdtype=None):
    gdtype = gdtype or dtype
    return (numpy.zeros(x, dtype), numpy.ones(g, gdtype), numpy.zeros(b, bdtype or gdtype),
            2., 1., 2e-5, numpy.zeros(rm, numpy.float32), numpy.ones(rv, numpy.float32))


@pytest.mark.parametrize('args,match', [
    (_bad(dtype=numpy.int32, gdtype=numpy.float32), r"x.dtype.kind == 'f'"),
    (_bad(x=(4, 3), g=(3, 2), b=(3, 2)), r'x.ndim >= gamma.ndim \+ 1'),
    (_bad(g=(2,), b=(2,)), r'x.shape\[1:1 \+ gamma.ndim\] == gamma.shape'),
    (_bad(gdtype=numpy.int32), r"gamma.dtype.kind == 'f'"),
    (_bad(bdtype=numpy.float64), r'gamma.dtype == beta.dtype'),
    (_bad(b=(2,)), r'gamma.shape == beta.shape'),
    (_bad(rm=(2,)), r'running_mean.shape == gamma.shape'),
    (_bad(rv=(3, 1)), r'running_var.shape == gamma.shape'),
])
def test_invalid(args, match):
    with pytest.raises(InvalidType, match=match):
        F.batch_renormalization(*args)


def test_fixed_batch_renormalization_is_deprecated_fixed_normalization():
    x, gamma, beta, rmean, rvar = _setup()
    with pytest.warns(DeprecationWarning, match='fixed_batch_renormalization is deprecated'):
        y = F.fixed_batch_renormalization(x, gamma, beta, rmean, rvar, eps=1e-3)
    e = lambda a: a.reshape(1, -1, 1)  # noqa: E731
    numpy.testing.assert_allclose(
        y.array, e(gamma) * (x - e(rmean)) / numpy.sqrt(e(rvar) + 1e-3) + e(beta), rtol=1e-12)
