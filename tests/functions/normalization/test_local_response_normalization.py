import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _lrn(x, n, k, alpha, beta):
    half = n // 2
    c = x.shape[1]
    y = numpy.empty_like(x)
    for i in range(c):
        lo, hi = max(0, i - half), min(c, i + half + 1)
        s = numpy.sum(x[:, lo:hi] ** 2, axis=1)
        y[:, i] = x[:, i] * (k + alpha * s) ** -beta
    return y


class TestLocalResponseNormalization(testing.FunctionTestCase):
    params = testing.product({
        'shape': [(2, 7), (2, 6, 3, 2)],
        'args': [{}, {'n': 3, 'k': 1., 'alpha': 0.5, 'beta': 0.75},
                 {'n': 4, 'k': 0.5, 'alpha': 1., 'beta': 1.5}],
    })

    def generate_inputs(self):
        return self.uniform(-1.5, 1.5, self.shape),

    def forward(self, inputs, device):
        return F.local_response_normalization(inputs[0], **self.args),

    def forward_expected(self, inputs):
        a = dict(n=5, k=2, alpha=1e-4, beta=.75)
        a.update(self.args)
        return _lrn(inputs[0], **a),


class TestLocalResponseNormalizationOrder3(TestLocalResponseNormalization):
    params = [{'shape': (1, 4, 2), 'args': {'n': 3, 'k': 1., 'alpha': 0.5, 'beta': 0.75}}]
    dtypes = (numpy.float64,)
    check_order3 = True


def test_window_wider_than_channels():
    x = numpy.random.uniform(-1, 1, (2, 3, 2))
    y = F.local_response_normalization(x, n=9, k=1., alpha=1., beta=1.)
    numpy.testing.assert_allclose(y.array, x / (1 + numpy.sum(x * x, axis=1, keepdims=True)),
                                  rtol=1e-13)


def test_third_derivative_exists():
    x = kusari.Variable(numpy.random.uniform(-1, 1, (1, 3)))
    y = F.local_response_normalization(x, n=3, k=1., alpha=1., beta=1.)
    g1, = kusari.grad([F.sum(y)], [x], enable_double_backprop=True)
    g2, = kusari.grad([F.sum(g1 * g1)], [x], enable_double_backprop=True)
    g3, = kusari.grad([F.sum(g2)], [x])
    assert numpy.isfinite(g3.array).all()


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.local_response_normalization(numpy.ones((2, 3), numpy.int32))


def test_one_dimensional_input():
    with pytest.raises(InvalidType, match=r'x.ndim >= 2'):
        F.local_response_normalization(numpy.ones(3, numpy.float32))


@pytest.mark.parametrize('n', [3, 5])
def test_against_pytorch_to_second_order(n):
    # PyTorch divides alpha by the window width n; its window is the same for an odd n
    torch = pytest.importorskip('torch')
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1.5, 1.5, (2, 6, 3))
    w = rng.normal(size=x.shape)
    k, alpha, beta = 1., 0.5, 0.75
    xv = kusari.Variable(x)
    y = F.local_response_normalization(xv, n, k, alpha, beta)
    gx, = kusari.grad([F.sum(y * w)], [xv], enable_double_backprop=True)
    ggx, = kusari.grad([F.sum(gx * gx)], [xv])
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.local_response_norm(tx, n, alpha=alpha * n, beta=beta, k=k)
    tg, = torch.autograd.grad((ty * torch.tensor(w)).sum(), [tx], create_graph=True)
    tgg, = torch.autograd.grad((tg * tg).sum(), [tx])
    for a, b in ((y, ty), (gx, tg), (ggx, tgg)):
        numpy.testing.assert_allclose(a.array, b.detach().numpy(), rtol=1e-10, atol=1e-12)
