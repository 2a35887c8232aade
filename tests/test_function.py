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
    with pytest.raises(RuntimeError, match='call retain_outputs'):
        f.output_data    # no output is kept unless forward says so, as in Chainer
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


# -- Chainer's Function contract --------------------------------------------------------------

def test_forward_and_backward_dispatch_to_the_cpu_methods():
    calls = []

    class F1(Function):
        def forward_cpu(self, inputs):
            calls.append(('forward_cpu', inputs))
            return inputs[0] * 2,

        def backward_cpu(self, inputs, grad_outputs):
            calls.append(('backward_cpu', inputs, grad_outputs))
            return grad_outputs[0] * 2,

    f = F1()
    x = numpy.array([1.0, 2.0])
    y, = f.forward((x,))        # called directly, as Chainer code does
    numpy.testing.assert_array_equal(y, 2 * x)
    gx, = f.backward((x,), (numpy.ones(2),))
    numpy.testing.assert_array_equal(gx, 2.0)
    assert [c[0] for c in calls] == ['forward_cpu', 'backward_cpu']


def test_default_backward_gives_no_gradient():
    class OnlyForward(Function):
        def forward_cpu(self, inputs):
            return inputs[0] * 2,

    f = OnlyForward()
    assert f.backward((numpy.ones(2), numpy.ones(2)), (numpy.ones(2),)) == (None, None)
    x = _x()
    F.sum(f(x)).backward()
    assert x.grad is None


def test_type_check_set_on_the_instance_is_called_with_light_types():
    seen = []
    f = Square()
    f.check_type_forward = seen.append
    f(numpy.ones(3, numpy.float32), )
    ts, = seen
    assert isinstance(ts, type_check.LightTypeInfoTuple)
    assert ts[0].shape == (3,) and ts[0].dtype == numpy.float32


class Retaining(Function):
    def forward(self, inputs):
        self.retain_inputs((1,))
        self.retain_outputs((1,))
        a, b = inputs
        return a * b, a + b

    def backward(self, inputs, grad_outputs):
        self.seen = inputs, self.output_data
        a, b = inputs
        g0, g1 = grad_outputs
        return g1, g1 + (0 if g0 is None else g0 * b)


def test_only_the_retained_inputs_and_outputs_are_kept():
    a, b = _x(), Variable(numpy.array([2.0, 2.0, 2.0]))
    f = Retaining()
    p, s = f(a, b)
    assert a.node.data is None and b.node.data is b.array
    assert p.node.data is None and s.node.data is s.array
    out = f.output_data
    assert out[0] is None and out[1] is s.array
    F.sum(s).backward()
    inputs, output_data = f.seen
    assert inputs[0] is None and inputs[1] is b.array
    assert output_data[0] is None and output_data[1] is s.array
    numpy.testing.assert_array_equal(a.grad, 1.0)
    numpy.testing.assert_array_equal(b.grad, 1.0)


def test_retain_after_backward_is_deprecated():
    class F1(Function):
        def forward(self, inputs):
            self.retain_outputs((0,), retain_after_backward=True)
            return inputs[0] * 1,

    with pytest.warns(DeprecationWarning, match='retain_after_backward option has no effect'):
        F1()(_x())


@pytest.mark.parametrize('legacy', [True, False])
def test_outputs_and_inputs_may_be_none(legacy):
    # an output of None has no data and gets no gradient; a None input is passed as None
    class Legacy(Function):
        def forward(self, inputs):
            x, none = inputs
            assert none is None
            self.retain_outputs((1, 2))
            return None, x * 3, None

        def backward(self, inputs, grad_outputs):
            gy0, gy1, gy2 = grad_outputs
            assert gy0 is None and gy2 is None
            assert self.output_data[2] is None
            return 3 * gy1, None

    class New(kusari.FunctionNode):
        def forward(self, inputs):
            x, none = inputs
            assert none is None
            self.retain_outputs((1, 2))
            return None, x * 3, None

        def backward(self, indexes, grad_outputs):
            gy0, gy1, gy2 = grad_outputs
            assert gy0 is None and gy2 is None
            y1, y2 = self.get_retained_outputs()
            assert y2 is None and y1 is not None
            return 3 * gy1, None

    x = _x()
    y0, y1, y2 = Legacy()(x, None) if legacy else New().apply((x, None))
    assert y0.array is None and y2.array is None
    numpy.testing.assert_array_equal(y1.array, 3 * x.array)
    F.sum(y1).backward()
    numpy.testing.assert_array_equal(x.grad, 3.0)


def _bad(result):
    class Bad(Function):
        label = 'bad_function'

        def forward(self, inputs):
            return numpy.array(1.0, numpy.float32),

        def backward(self, inputs, grad_outputs):
            return result,

    return Bad()


@pytest.mark.parametrize('result, error, message', [
    (1, TypeError, 'is of type int, not an array'),
    (numpy.array([1], numpy.int32), TypeError,
     'has dtype int32 but the input has dtype float32'),
    (numpy.array([1, 2], numpy.float32), ValueError,
     r'has shape \(2,\) but the input has shape \(1,\)'),
])
def test_a_wrong_gradient_raises_chainers_error(result, error, message):
    x = Variable(numpy.array([1.0], numpy.float32))
    y = _bad(result)(x)
    with pytest.raises(error, match='the gradient of input 0 returned by bad_function.backward '
                       + message):
        y.backward()


def test_a_numpy_scalar_gradient_stands_for_a_0d_array():
    x = Variable(numpy.array(2.0))
    y = _bad(numpy.float64(4.0))(x)
    y.grad = numpy.array(1.0, numpy.float32)
    y.backward()
    assert type(x.grad) is numpy.ndarray and x.grad == 4.0


def test_debug_mode_says_where_the_function_was_called():
    import inspect
    x = Variable(numpy.array([1.0], numpy.float32))
    with kusari.using_config('debug', True):
        line = inspect.currentframe().f_lineno + 1
        y = _bad(numpy.array([1, 2], numpy.float32))(x)
        assert y.creator.stack is not None
        with pytest.raises(ValueError) as info:
            y.backward()
    text = str(info.value)
    assert 'Stacktrace of the function is below' in text and 'line {}'.format(line) in text
    # without debug mode nothing is recorded
    assert _bad(1)(x).creator.stack is None


def test_debug_mode_adds_the_stack_to_errors_raised_inside_backward():
    import inspect
    x = Variable(numpy.array(0.0))
    with kusari.using_config('debug', True):
        line = inspect.currentframe().f_lineno + 1
        y = F.sqrt(x)
        with numpy.errstate(divide='raise'):
            with pytest.raises(FloatingPointError, match='(?s)divide.*line {}'.format(line)):
                y.backward()


def test_grad_of_a_legacy_gradient_raises_first():
    # as in Chainer, before the inputs are looked at (here, one is None)
    x = Variable(numpy.array(42.0))
    y = Square()(x)
    y.backward(enable_double_backprop=True)
    with pytest.raises(RuntimeError, match='legacy Function Square: it is first order only'):
        kusari.grad([x.grad_var], [None])
