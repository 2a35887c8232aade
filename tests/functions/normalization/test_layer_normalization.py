import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _layer_norm(x, gamma, beta, eps):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return (x - mu) / numpy.sqrt(var + eps) * gamma + beta


class TestLayerNormalization(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 5), (2, 8)], 'eps': [1e-5, 0.1]})

    def generate_inputs(self):
        c = self.shape[1]
        return (self.normal(self.shape) * 2 + 1, self.uniform(0.5, 1.5, (c,)),
                self.uniform(-1, 1, (c,)))

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return F.layer_normalization(x, gamma, beta, eps=self.eps),

    def forward_expected(self, inputs):
        return _layer_norm(*inputs, self.eps),


class TestLayerNormalizationOrder3(TestLayerNormalization):
    params = [{'shape': (2, 3), 'eps': 1e-2}]
    dtypes = (numpy.float64,)
    check_order3 = True


def test_default_eps():
    x = numpy.array([[0., 1e-3]])
    y = F.layer_normalization(x, numpy.ones(2), numpy.zeros(2))
    numpy.testing.assert_allclose(y.array, _layer_norm(x, 1., 0., 1e-5), rtol=1e-12)


def _args(x=(2, 3), g=(3,), b=(3,), dtype=numpy.float32, gdtype=None, bdtype=None):
    return (numpy.zeros(x, dtype), numpy.ones(g, gdtype or dtype),
            numpy.zeros(b, bdtype or dtype))


@pytest.mark.parametrize('args,match', [
    (_args(dtype=numpy.int32), r"x.dtype.kind == 'f'"),
    (_args(x=(2, 3, 1)), r'x.ndim == 2'),
    (_args(g=(3, 1)), r'gamma.ndim == 1'),
    (_args(b=(1, 3)), r'beta.ndim == 1'),
    (_args(gdtype=numpy.float64), r'gamma.dtype == x.dtype'),
    (_args(bdtype=numpy.float64), r'beta.dtype == x.dtype'),
    (_args(g=(4,)), r'gamma.shape == beta.shape'),
    (_args(g=(4,), b=(4,)), r'gamma.shape\[0\] == x.shape\[1\]'),
])
def test_invalid(args, match):
    with pytest.raises(InvalidType, match=match):
        F.layer_normalization(*args)


def _grads_to_order2(f, args):
    """Output, first-order gradients of sum(y * w), and the gradients of their squared norm."""
    import kusari
    vs = [kusari.Variable(a) for a in args]
    y = f(*vs)
    w = numpy.random.default_rng(5).normal(size=y.shape)
    g1 = kusari.grad([F.sum(y * w)], vs, enable_double_backprop=True)
    g2 = kusari.grad([sum(F.sum(g * g) for g in g1)], vs[:2])  # nothing flows to beta
    return [y.array] + [g.array for g in g1] + [g.array for g in g2], w


def test_against_pytorch_to_second_order():
    torch = pytest.importorskip('torch')
    rng = numpy.random.default_rng(0)
    args = [rng.normal(size=(4, 6)), rng.uniform(0.5, 1.5, 6), rng.uniform(-1, 1, 6)]
    got, w = _grads_to_order2(lambda x, g, b: F.layer_normalization(x, g, b, eps=1e-3), args)
    ts = [torch.tensor(a, requires_grad=True) for a in args]
    y = torch.nn.functional.layer_norm(ts[0], (6,), ts[1], ts[2], eps=1e-3)
    g1 = torch.autograd.grad((y * torch.tensor(w)).sum(), ts, create_graph=True)
    g2 = torch.autograd.grad(sum((g * g).sum() for g in g1), ts[:2])
    for a, b in zip(got, [y] + list(g1) + list(g2)):
        numpy.testing.assert_allclose(a, b.detach().numpy(), rtol=1e-10, atol=1e-12)
