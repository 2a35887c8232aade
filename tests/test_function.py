"""The legacy Function: forward/backward on arrays through FunctionAdapter (first order)."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Function, Variable
from kusari.function import FunctionAdapter, type_check
from kusari.utils.type_check import InvalidType


class Square(Function):
    def forward(self, inputs):
        x, = inputs
        return x * x,

    def backward(self, inputs, grad_outputs):
        x, = inputs
        gy, = grad_outputs
        return 2 * x * gy,


class AddSub(Function):
    """Two inputs, two outputs, CPU-specific methods, and a type check."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a', 'b'))
        a_type, b_type = in_types
        type_check.expect(a_type.dtype.kind == 'f', a_type.shape == b_type.shape)

    def forward_cpu(self, inputs):
        a, b = inputs
        return a + b, a - b

    def backward_cpu(self, inputs, grad_outputs):
        g0, g1 = grad_outputs
        g0 = 0 if g0 is None else g0
        g1 = 0 if g1 is None else g1
        return numpy.asarray(g0 + g1), numpy.asarray(g0 - g1)


def _x():
    return Variable(numpy.array([1.0, -2.0, 3.0]))


def test_forward_and_backward():
    x = _x()
    f = Square()
    y = f(x)
    assert isinstance(y, Variable)
    numpy.testing.assert_array_equal(y.array, x.array ** 2)
    assert y.creator is f
    assert isinstance(y.creator_node, FunctionAdapter) and y.creator_node.function is f
    assert f.label == 'Square' and y.creator_node.label == 'Square'
    assert f.inputs == (x.node,) and f.outputs[0]() is y.node and f.rank == 0
    numpy.testing.assert_array_equal(f.output_data[0], y.array)
    F.sum(y * 3.0).backward()
    numpy.testing.assert_array_equal(x.grad, 6 * x.array)


def test_accepts_arrays():
    y = Square()(numpy.array([2.0]))
    numpy.testing.assert_array_equal(y.array, [4.0])


def test_several_outputs_and_cpu_methods():
    a, b = _x(), Variable(numpy.array([0.5, 0.5, 0.5]))
    s, d = AddSub()(a, b)
    numpy.testing.assert_array_equal(s.array, a.array + b.array)
    numpy.testing.assert_array_equal(d.array, a.array - b.array)
    F.sum(s * 2.0 + d).backward()
    numpy.testing.assert_array_equal(a.grad, 3.0)
    numpy.testing.assert_array_equal(b.grad, 1.0)


def test_one_output_used():
    a, b = _x(), _x()
    s, d = AddSub()(a, b)
    del s
    F.sum(d).backward()
    numpy.testing.assert_array_equal(a.grad, 1.0)
    numpy.testing.assert_array_equal(b.grad, -1.0)


def test_type_check_of_a_legacy_function():
    with pytest.raises(InvalidType,
                       match=r"(?s)AddSub \(Forward\).*Expect: a\.dtype\.kind == 'f'"):
        AddSub()(numpy.ones(2, numpy.int32), numpy.ones(2, numpy.int32))
    with pytest.raises(InvalidType, match=r'(?s)AddSub.*a\.shape == b\.shape.*\(2,\) != \(3,\)'):
        AddSub()(numpy.ones(2), numpy.ones(3))


def test_called_twice_makes_two_nodes():
    f = Square()
    x = _x()
    y1 = f(x)
    y2 = f(x)
    assert y1.creator_node is not y2.creator_node
    F.sum(y1 + y2).backward()
    numpy.testing.assert_array_equal(x.grad, 4 * x.array)


def test_first_order_with_double_backprop_enabled():
    x = _x()
    gx, = kusari.grad([F.sum(Square()(x))], [x], enable_double_backprop=True)
    numpy.testing.assert_array_equal(gx.array, 2 * x.array)


def test_double_backprop_raises_a_clear_error():
    x = _x()
    gx, = kusari.grad([F.sum(Square()(x))], [x], enable_double_backprop=True)
    with pytest.raises(RuntimeError,
                       match='gradient of the legacy Function Square is first order only'):
        kusari.grad([F.sum(gx * gx)], [x])
    x.cleargrad()
    F.sum(Square()(x)).backward(enable_double_backprop=True)
    with pytest.raises(RuntimeError, match='first order only'):
        F.sum(x.grad_var).backward()


def test_backward_with_wrong_count_raises():
    class Bad(Function):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, inputs, grad_outputs):
            return grad_outputs[0], grad_outputs[0]

    x = _x()
    with pytest.raises(ValueError, match='Bad.backward returned 2 gradients for 1 inputs'):
        F.sum(Bad()(x)).backward()


def test_backward_may_return_none():
    class NoGrad(Function):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, inputs, grad_outputs):
            return None,

    x = _x()
    F.sum(NoGrad()(x)).backward()
    assert x.grad is None


def test_no_backprop_mode():
    x = _x()
    with kusari.no_backprop_mode():
        y = Square()(x)
    assert y.creator is None


def test_unchain():
    x = _x()
    f = Square()
    y = f(x)
    f.unchain()
    assert y.creator is None and f.inputs is None


def test_missing_forward_raises():
    class Empty(Function):
        pass

    with pytest.raises(NotImplementedError):
        Empty()(numpy.ones(1))
