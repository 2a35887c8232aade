import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import gradient_check


class Cube(kusari.FunctionNode):
    """y = x ** 3 with a backward that can be made wrong."""

    def __init__(self, factor=3.0, detach=False):
        self.factor = factor
        self.detach = detach

    def forward(self, inputs):
        self.retain_inputs((0,))
        return inputs[0] ** 3,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        if self.detach:
            x = x.array              # right value, but no second derivative
        return self.factor * x * x * grad_outputs[0],


def _x(*shape):
    return numpy.random.uniform(-1, 1, shape)


# -- numerical_grad

def test_numerical_grad_of_several_inputs_and_outputs():
    a, b = _x(2, 1), _x(2, 1)
    g1, g3 = _x(2, 1), _x(2, 1)

    def f():
        return 2 * a + 3 * b, 4 * a + 5 * b, 6 * a + 7 * b

    ga, gb = gradient_check.numerical_grad(f, (a, b), (g1, None, g3))
    numpy.testing.assert_allclose(ga, 2 * g1 + 6 * g3, rtol=1e-6)
    numpy.testing.assert_allclose(gb, 3 * g1 + 7 * g3, rtol=1e-6)


def test_numerical_grad_keeps_dtypes_and_restores_inputs():
    x = _x(3).astype(numpy.float32)
    before = x.copy()
    gx, = gradient_check.numerical_grad(lambda: (x * x,), (x,), (numpy.ones(3, 'f'),),
                                        eps=1e-2)
    assert gx.dtype == numpy.float32
    numpy.testing.assert_allclose(gx, 2 * before, rtol=1e-3)
    numpy.testing.assert_array_equal(x, before)


def test_numerical_grad_copies_an_output_that_is_the_input():
    x = _x(2, 3)
    gx, = gradient_check.numerical_grad(lambda: (x,), (x,), (1,))
    numpy.testing.assert_allclose(gx, numpy.ones((2, 3)))


def test_numerical_grad_of_python_numbers_and_steps():
    x = numpy.array(0.0, numpy.float32)

    def f():
        if -1 < x < 1:
            return x.copy(),
        if -2 < x < 2:
            return 2 * x,
        return 0,

    for eps, want in ((0.5, 1.0), (1.5, 2.0), (2.5, 0.0)):
        gx, = gradient_check.numerical_grad(f, (x,), (numpy.float32(1),), eps=eps)
        assert gx == want


@pytest.mark.parametrize('eps', [0, -1.0])
def test_numerical_grad_refuses_a_step_that_is_not_positive(eps):
    x = _x(2)
    with pytest.raises(AssertionError, match='eps must be positive'):
        gradient_check.numerical_grad(lambda: (x,), (x,), (x,), eps=eps)


def test_numerical_grad_refuses_integer_inputs():
    with pytest.raises(RuntimeError, match='float arrays'):
        gradient_check.numerical_grad(lambda: (1,), (numpy.arange(2),), (None,))


@pytest.mark.parametrize('func, x, eps, kink', [
    (abs, 0.0, 1e-3, True),
    (abs, 8e-4, 1e-3, True),
    (abs, 1.2e-3, 1e-3, False),
    (numpy.floor, 100 + 8e-4, 1e-3, True),
    (numpy.exp, 0.0, 1e-3, False),
    (lambda x: -3 * x ** 3 + 2 * x ** 2 + 1, 0.0, 1e-3, False),
    (lambda x: -3 * x ** 3 + 2 * x ** 2 + 1, 0.0, 1e-1, True),   # too large a step
    (numpy.log, -10.0, 1e-3, False),       # NaN all around: not a kink
    (numpy.log, 0.0, 1e-3, True),          # finiteness changes
    (numpy.tan, numpy.pi / 2, 1e-3, True),
])
def test_detect_nondifferentiable(func, x, eps, kink):
    x = numpy.array([x], numpy.float32)
    gy = numpy.array([0.7], numpy.float32)
    with numpy.errstate(all='ignore'):
        if kink:
            with pytest.raises(gradient_check.NondifferentiableError):
                gradient_check.numerical_grad(lambda: (func(x),), (x,), (gy,), eps=eps,
                                              detect_nondifferentiable=True)
        else:
            gradient_check.numerical_grad(lambda: (func(x),), (x,), (gy,), eps=eps,
                                          detect_nondifferentiable=True)


def test_the_five_point_difference_is_more_accurate():
    x = numpy.array([0.3])
    two, = gradient_check.numerical_grad(lambda: (numpy.sin(x),), (x,), (1.0,), eps=0.1)
    five, = gradient_check.numerical_grad(lambda: (numpy.sin(x),), (x,), (1.0,), eps=0.1,
                                          detect_nondifferentiable=True)
    exact = numpy.cos(0.3)
    assert abs(five - exact) < abs(two - exact) / 100


# -- check_backward

def test_check_backward_accepts_a_right_and_refuses_a_wrong_backward():
    x, gy = _x(2, 3), _x(2, 3)
    gradient_check.check_backward(lambda x: Cube().apply((x,)), x, gy)
    with pytest.raises(AssertionError, match='check_backward failed') as info:
        gradient_check.check_backward(lambda x: Cube(factor=2.5).apply((x,)), x, gy)
    assert 'directions[0]' in str(info.value)


def test_check_backward_of_a_loss_and_of_parameters():
    x = _x(3)
    w = kusari.Parameter(_x(3))
    before = w.array.copy()
    gradient_check.check_backward(lambda x: F.sum(x * w), x, None, params=(w,))
    numpy.testing.assert_array_equal(w.array, before)
    with pytest.raises(ValueError, match='y_grad can be None only for a loss'):
        gradient_check.check_backward(lambda x: x * 2, x, None)


def test_integer_inputs_are_passed_through_unchecked():
    x, index = _x(4), numpy.array([0, 2])

    def f(x, i):
        assert i.dtype.kind == 'i'
        return x[i.array] * 2,

    gradient_check.check_backward(f, (x, index), _x(2), dtype=numpy.float32, atol=1e-3,
                                  rtol=1e-3)


def test_a_gradient_for_an_unchecked_input_is_an_error():
    x, y = _x(1), _x(1)
    with pytest.raises(RuntimeError, match='no gradient to check'):
        gradient_check.check_backward(lambda a, b: a + b.array, (x, y), _x(1),
                                      no_grads=[True, True])
    # A constant input that the numerical derivative sees moving is a wrong gradient.
    with pytest.raises(AssertionError):
        gradient_check.check_backward(lambda a, b: a + b.array, (x, y), _x(1),
                                      no_grads=[False, False])


@pytest.mark.parametrize('y_grad, message', [
    ((_x(3), _x(3)), 'there are 2 output gradients for 1 outputs'),
    (numpy.ones(4), 'must have the shapes and dtypes'),
    (numpy.ones(3, numpy.float32), 'must have the shapes and dtypes'),
])
def test_output_gradients_must_match(y_grad, message):
    with pytest.raises(ValueError, match=message):
        gradient_check.check_backward(lambda x: x * 2, _x(3), y_grad)


def test_bad_arguments():
    with pytest.raises(ValueError, match='no_grads has 1 elements for 2 inputs'):
        gradient_check.check_backward(lambda a, b: a + b, (_x(1), _x(1)), _x(1),
                                      no_grads=[True])
    with pytest.raises(ValueError, match='must be a float dtype'):
        gradient_check.check_backward(lambda x: x, _x(1), _x(1), dtype=numpy.int32)


def test_none_output_gradients_and_identity_outputs():
    a, b = _x(3), _x(3)
    gradient_check.check_backward(lambda a, b: (a * b, a + b), (a, b), (None, _x(3)))
    # A function returning its input unchanged (a leaf output) still has gradient one.
    gradient_check.check_backward(lambda a: (a,), a, _x(3))


def test_the_dtype_option_casts_for_the_numerical_derivative():
    x = numpy.random.uniform(0.5, 1, 5).astype(numpy.float16)
    gy = numpy.random.uniform(-1, 1, 5).astype(numpy.float16)
    seen = set()

    def f(x):
        seen.add(x.dtype)
        return F.exp(x),

    gradient_check.check_backward(f, x, gy, dtype=numpy.float64, atol=1e-2, rtol=1e-2)
    assert seen == {numpy.dtype(numpy.float16), numpy.dtype(numpy.float64)}


def test_detect_nondifferentiable_in_check_backward():
    with pytest.raises(gradient_check.NondifferentiableError):
        gradient_check.check_backward(F.relu, numpy.zeros(1), numpy.ones(1),
                                      detect_nondifferentiable=True)
    gradient_check.check_backward(F.relu, numpy.ones(2), numpy.ones(2),
                                  detect_nondifferentiable=True)


@pytest.mark.parametrize('size', [0, 1, 5, 64])
def test_sample_unit_vector(size):
    v = gradient_check._CheckBackward._sample_unit_vector(size, numpy)
    assert v.shape == (size,)
    if size:
        numpy.testing.assert_allclose((v * v).sum(), 1.0)
        assert abs(v).min() >= 0.1 / numpy.sqrt(size)


def test_directions_come_from_the_global_generator():
    x, gy = _x(4), _x(4)

    def wrong(x):
        return Cube(factor=2.9).apply((x,))

    messages = []
    for _ in range(2):
        numpy.random.seed(5)
        with pytest.raises(AssertionError) as info:
            gradient_check.check_backward(wrong, x, gy)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


# -- check_double_backward

def test_check_double_backward():
    x, gy, ggx = _x(2, 3), _x(2, 3), _x(2, 3)
    gradient_check.check_double_backward(lambda x: Cube().apply((x,)), x, gy, ggx)
    with pytest.raises(AssertionError, match='check_double_backward failed'):
        gradient_check.check_double_backward(lambda x: Cube(detach=True).apply((x,)), x,
                                             gy, ggx)


def test_check_double_backward_of_several_inputs_and_parameters():
    x, y = _x(2, 3), _x(2, 3)
    gys, ggs = (_x(2, 3), _x(2, 3)), (_x(2, 3), _x(2, 3))

    def f(x, y):
        w1 = x + y
        w2 = w1 + y
        return w1 * w1, w2 * w2

    gradient_check.check_double_backward(f, (x, y), gys, ggs, dtype=numpy.float64,
                                         atol=1e-3, rtol=1e-3)
    p = kusari.Parameter(_x(2, 3))
    gradient_check.check_double_backward(lambda x: x * p * p, x, _x(2, 3), _x(2, 3),
                                         params=p, params_grad_grad=_x(2, 3), atol=1e-3,
                                         rtol=1e-3)


def test_check_double_backward_with_one_flag_per_input():
    # kusari's spelling: no_grads per input; that input has no first-order gradient.
    x, a = _x(3), _x(3)
    gradient_check.check_double_backward(lambda x, a: x * x * a.array, (x, a), _x(3),
                                         (_x(3), _x(3)), no_grads=[False, True])


def test_deprecated_assert_allclose():
    with pytest.warns(DeprecationWarning, match='deprecated'):
        gradient_check.assert_allclose(numpy.ones(2), numpy.ones(2))
