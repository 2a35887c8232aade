import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _group_norm(x, groups, gamma, beta, eps):
    n, c = x.shape[:2]
    xr = x.reshape(n, groups, -1)
    mu = xr.mean(axis=2, keepdims=True)
    var = xr.var(axis=2, keepdims=True)
    xh = ((xr - mu) / numpy.sqrt(var + eps)).reshape(x.shape)
    cshape = (1, c) + (1,) * (x.ndim - 2)
    return xh * gamma.reshape(cshape) + beta.reshape(cshape)


class TestGroupNormalization(testing.FunctionTestCase):
    params = [
        {'shape': (3, 4), 'groups': 2, 'eps': 1e-5},
        {'shape': (2, 6), 'groups': 1, 'eps': 1e-5},
        {'shape': (2, 4, 3, 2), 'groups': 2, 'eps': 1e-5},
        {'shape': (2, 6, 3), 'groups': 3, 'eps': 0.1},
        {'shape': (1, 4, 2, 2), 'groups': 4, 'eps': 1e-5},
    ]

    def generate_inputs(self):
        c = self.shape[1]
        return (self.normal(self.shape) * 2 + 1, self.uniform(0.5, 1.5, (c,)),
                self.uniform(-1, 1, (c,)))

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return F.group_normalization(x, self.groups, gamma, beta, eps=self.eps),

    def forward_expected(self, inputs):
        x, gamma, beta = inputs
        return _group_norm(x, self.groups, gamma, beta, self.eps),


class TestGroupNormalizationOrder3(TestGroupNormalization):
    params = [{'shape': (1, 4, 2), 'groups': 2, 'eps': 1e-2}]
    dtypes = (numpy.float64,)
    check_order3 = True


class TestGroupNormalizationMixed(TestGroupNormalization):
    """float16 x with float32 gamma and beta: computed in float32, float16 output."""

    params = [{'shape': (2, 4, 3), 'groups': 2, 'eps': 1e-5}]
    dtypes = (numpy.float16,)

    def cast_inputs(self, inputs, dtype):
        x, gamma, beta = inputs
        return x.astype(dtype), gamma.astype(numpy.float32), beta.astype(numpy.float32)


def test_output_dtype_mixed():
    x = numpy.ones((2, 4), numpy.float16)
    y = F.group_normalization(x, 2, numpy.ones(4, numpy.float32), numpy.zeros(4, numpy.float32))
    assert y.dtype == numpy.float16


def test_groups_not_int():
    x = numpy.zeros((2, 4), numpy.float32)
    with pytest.raises(TypeError, match="'groups' type must be"):
        F.group_normalization(x, 2.0, numpy.ones(4, numpy.float32), numpy.zeros(4, numpy.float32))


@pytest.mark.parametrize('groups', [3, 0])
def test_groups_not_divisor(groups):
    x = numpy.zeros((2, 4), numpy.float32)
    with pytest.raises(ValueError, match='not divisible by'):
        F.group_normalization(x, groups, numpy.ones(4, numpy.float32),
                              numpy.zeros(4, numpy.float32))


def _args(x=(2, 4, 3), g=(4,), b=(4,), dtype=numpy.float32, gdtype=None, bdtype=None):
    return (numpy.zeros(x, dtype), 2, numpy.ones(g, gdtype or dtype),
            numpy.zeros(b, bdtype or dtype))


@pytest.mark.parametrize('args,match', [
    (_args(dtype=numpy.int32), r"x.dtype.kind == 'f'"),
    (_args(x=(4,)), r'x.ndim >= 2'),
    (_args(g=(4, 1)), r'gamma.ndim == 1'),
    (_args(b=(4, 1)), r'beta.ndim == 1'),
    (_args(gdtype=numpy.int32, bdtype=numpy.int32), r"gamma.dtype.kind == 'f'"),
    (_args(bdtype=numpy.float64), r'gamma.dtype == beta.dtype'),
    (_args(g=(6,), b=(6,)), r'x.shape\[1\] == gamma.shape\[0\]'),
    (_args(b=(2,)), r'gamma.shape == beta.shape'),
])
def test_invalid(args, match):
    with pytest.raises(InvalidType, match=match):
        F.group_normalization(*args)


@pytest.mark.parametrize('shape,groups', [((3, 4), 2), ((2, 6, 3, 2), 3)])
def test_against_pytorch_to_second_order(shape, groups):
    torch = pytest.importorskip('torch')
    import kusari
    rng = numpy.random.default_rng(0)
    c = shape[1]
    args = [rng.normal(size=shape), rng.uniform(0.5, 1.5, c), rng.uniform(-1, 1, c)]
    w = rng.normal(size=shape)
    vs = [kusari.Variable(a) for a in args]
    y = F.group_normalization(vs[0], groups, vs[1], vs[2], eps=1e-3)
    g1 = kusari.grad([F.sum(y * w)], vs, enable_double_backprop=True)
    g2 = kusari.grad([sum(F.sum(g * g) for g in g1)], vs[:2])  # nothing flows to beta
    ts = [torch.tensor(a, requires_grad=True) for a in args]
    ty = torch.nn.functional.group_norm(ts[0], groups, ts[1], ts[2], eps=1e-3)
    t1 = torch.autograd.grad((ty * torch.tensor(w)).sum(), ts, create_graph=True)
    t2 = torch.autograd.grad(sum((g * g).sum() for g in t1), ts[:2])
    for a, b in zip([y] + list(g1) + list(g2), [ty] + list(t1) + list(t2)):
        numpy.testing.assert_allclose(a.array, b.detach().numpy(), rtol=1e-10, atol=1e-12)


class TestMulInvStd(testing.FunctionTestCase):
    """Chainer's private ``_MulInvStd`` node: ``inv_std(x)[:, None] * y``, the gradient
    reaching ``x`` through the row statistics."""

    params = [{'shape': (4, 5), 'eps': 1e-5}, {'shape': (3, 6), 'eps': 1e-1}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape), self.uniform(-1, 1, self.shape)

    def forward(self, inputs, device):
        from kusari.functions.normalization.group_normalization import _MulInvStd
        x, y = inputs
        xa = x.array
        mean = xa.mean(axis=1)
        inv_std = (xa.var(axis=1) + self.eps) ** -0.5
        return _MulInvStd(self.eps, mean, inv_std, None).apply((x, y))

    def forward_expected(self, inputs):
        x, y = inputs
        return (x.var(axis=1) + self.eps)[:, None] ** -0.5 * y,
