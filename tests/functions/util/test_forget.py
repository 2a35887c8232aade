import functools

import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import testing


class TestForget(testing.FunctionTestCase):
    """forget computes what the function computes, with gradients of every order (the
    recomputed graph is connected to the inputs under double backprop)."""
    params = [{'n_out': 1}, {'n_out': 2}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)), self.uniform(-1, 1, (3, 2))

    def _f(self, a, b):
        out = (F.exp(a) * b + a * a,)
        if self.n_out == 2:
            out = out + (F.sin(a * b),)
        return out

    def forward(self, inputs, device):
        ys = F.forget(self._f, *inputs)
        return ys if isinstance(ys, tuple) else (ys,)

    def forward_expected(self, inputs):
        a, b = inputs
        out = (numpy.exp(a) * b + a * a,)
        if self.n_out == 2:
            out = out + (numpy.sin(a * b),)
        return out


def test_forward_keeps_no_intermediate_graph():
    x = kusari.Variable(numpy.ones(3))
    y = F.forget(lambda a: F.exp(F.sin(a)), x)
    assert y.creator.label == 'Forget'
    assert y.creator.inputs[0] is x.node


def test_link_parameters_get_gradients():
    link = L.Linear(4, 3)
    link.cleargrads()
    x = numpy.random.RandomState(0).uniform(-1, 1, (2, 4)).astype(numpy.float32)
    xv = kusari.Variable(x)
    F.sum(F.forget(link, xv) ** 2).backward()
    gw, gb, gx = link.W.grad.copy(), link.b.grad.copy(), xv.grad.copy()
    link.cleargrads()
    xv2 = kusari.Variable(x)
    F.sum(link(xv2) ** 2).backward()
    numpy.testing.assert_allclose(gw, link.W.grad, rtol=1e-6)
    numpy.testing.assert_allclose(gb, link.b.grad, rtol=1e-6)
    numpy.testing.assert_allclose(gx, xv2.grad, rtol=1e-6)


def _penalty_grad(W, x0, inner):
    """d/dW of |d sum(z) / d x0|^2 where z = inner(tanh(x0 W)) and W is used again inside."""
    W.cleargrad()
    h = F.tanh(F.matmul(x0, W))
    gx, = kusari.grad([F.sum(inner(h))], [x0], enable_double_backprop=True)
    W.cleargrad()
    F.sum(gx * gx).backward()
    return W.grad.copy()


def test_parameter_shared_inside_and_outside_double_backprop():
    rng = numpy.random.RandomState(1)
    W = kusari.Parameter(rng.uniform(-1, 1, (3, 3)))
    x0 = kusari.Variable(rng.uniform(-1, 1, (2, 3)))

    def plain(h):
        return F.tanh(F.matmul(h, W))

    expected = _penalty_grad(W, x0, plain)
    got = _penalty_grad(W, x0, lambda h: F.forget(plain, h))
    numpy.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('finetune', [False, True])
def test_batch_normalization_statistics_update_once(finetune):
    x = numpy.random.RandomState(2).uniform(-1, 1, (5, 3)).astype(numpy.float32)
    bn = L.BatchNormalization(3)
    F.sum(F.forget(functools.partial(bn, finetune=finetune), kusari.Variable(x))).backward()
    bn2 = L.BatchNormalization(3)
    F.sum(bn2(kusari.Variable(x), finetune=finetune)).backward()
    numpy.testing.assert_allclose(bn.avg_mean, bn2.avg_mean, rtol=1e-6)
    numpy.testing.assert_allclose(bn.avg_var, bn2.avg_var, rtol=1e-6)
    assert bn.N == bn2.N == (1 if finetune else 0)


def test_identity_function():
    v = kusari.Variable(numpy.zeros(2))
    y = F.forget(lambda a: a, v)
    y.grad = numpy.ones(2)
    y.backward(enable_double_backprop=True)
    numpy.testing.assert_array_equal(v.grad, [1.0, 1.0])


def test_arrays_become_variables_that_require_grad():
    y = F.forget(lambda a: a * 2, numpy.ones(2))
    assert y.creator.inputs[0].requires_grad


@pytest.mark.parametrize('n, ordinal', [(1, '1st'), (2, '2nd'), (3, '3rd'), (4, '4th'),
                                        (11, '11th'), (12, '12th'), (13, '13th'),
                                        (21, '21st'), (22, '22nd')])
def test_errors_name_the_offending_element(n, ordinal):
    v = kusari.Variable(numpy.zeros(1))
    with pytest.raises(RuntimeError, match='{} element of a returned tuple is not Variable, '
                                           'but is .*int'.format(ordinal)):
        F.forget(lambda: (v,) * (n - 1) + (1,))


def test_other_errors():
    with pytest.raises(TypeError, match='func must be callable'):
        F.forget(1)
    with pytest.raises(RuntimeError, match='A tuple of Variables or a Variable are expected'):
        F.forget(lambda: 1)
