"""The Variable API: data, gradients, graph surgery, properties and Parameter basics."""
import gc
import pickle
import weakref

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Variable, as_array, as_variable


def _var(shape=(2, 3), dtype=numpy.float64, **kwargs):
    return Variable(numpy.arange(numpy.prod(shape), dtype=dtype).reshape(shape) + 1, **kwargs)


# -- construction and data ------------------------------------------------------------------

@pytest.mark.parametrize('bad', [1.0, 3, [1.0, 2.0], (1, 2), 'x'])
def test_non_array_data_raises_type_error(bad):
    with pytest.raises(TypeError, match='numpy.ndarray or cuda.ndarray are expected'):
        Variable(bad)


def test_array_setter_rejects_non_array():
    x = _var()
    with pytest.raises(TypeError, match='numpy.ndarray'):
        x.array = [1, 2]


def test_array_and_data_are_the_same_attribute():
    a = numpy.ones((2,))
    x = Variable(a)
    assert x.array is a and x.data is a
    b = numpy.zeros((3,))
    x.data = b
    assert x.array is b
    c = numpy.zeros((4, 1))
    x.array = c
    assert x.data is c and x.shape == (4, 1)
    assert x.node.shape == (4, 1)


def test_empty_variable():
    x = Variable()
    assert x.array is None
    assert x.label == 'None'
    assert repr(x) == 'variable(None)'


def test_properties():
    x = _var((2, 3), numpy.float32)
    assert x.shape == (2, 3)
    assert x.ndim == 2
    assert x.size == 6
    assert x.dtype == numpy.float32
    assert x.xp is numpy
    assert x.device == kusari.backend.CpuDevice()
    assert len(x) == 2
    assert x.label == '(2, 3), float32'
    assert Variable(numpy.array(1.5)).label == 'float64'


def test_len_of_0d_raises():
    with pytest.raises(TypeError):
        len(Variable(numpy.array(1.0)))


def test_item():
    assert Variable(numpy.array([[2.5]])).item() == 2.5
    assert isinstance(Variable(numpy.array(3, numpy.int32)).item(), int)
    with pytest.raises(ValueError, match='size 1'):
        _var().item()


def test_name_and_repr():
    x = Variable(numpy.array([1.0, 2.0]), name='x')
    assert x.name == 'x'
    assert repr(x) == 'variable x([1., 2.])'
    x.name = 'y'
    assert x.name == 'y' and x.node.name == 'y'
    assert repr(Variable(numpy.array([1.0, 2.0]))) == 'variable([1., 2.])'
    assert str(Variable(numpy.array([1.0, 2.0]))) == 'variable([1. 2.])'
    assert str(Variable(numpy.array([1.0, 2.0]), name='x')) == 'variable x([1. 2.])'


# the strings Chainer 7.8.1 (NumPy 1.26) writes for the same variables; continuation lines
# are indented under the first element, past the name
@pytest.mark.parametrize('array, name, text_str, text_repr', [
    (None, None, 'variable(None)', 'variable(None)'),
    (None, 'x', 'variable x(None)', 'variable x(None)'),
    (numpy.array(3.0), None, 'variable(3.)', 'variable(3.)'),
    (numpy.array([1, 2], numpy.int32), 'x', 'variable x([1 2])', 'variable x([1, 2])'),
    (numpy.zeros((0,)), None, 'variable([])', 'variable([])'),
    (numpy.zeros((2, 0)), None, 'variable([])', 'variable([], shape=(2, 0))'),
    (numpy.zeros((0, 3)), 'x', 'variable x([])', 'variable x([], shape=(0, 3))'),
    (numpy.arange(4.0).reshape(2, 2), None, 'variable([[0. 1.]\n          [2. 3.]])',
     'variable([[0., 1.],\n          [2., 3.]])'),
    (numpy.arange(4.0).reshape(2, 2), 'x', 'variable x([[0. 1.]\n            [2. 3.]])',
     'variable x([[0., 1.],\n            [2., 3.]])'),
])
def test_str_and_repr_match_chainer(array, name, text_str, text_repr):
    x = Variable(array, name=name)
    assert str(x) == text_str
    assert repr(x) == text_repr


def test_long_repr_wraps_under_the_name():
    x = Variable(numpy.arange(2000.0), name='x')
    assert repr(x) == ('variable x([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,'
                       '\n            1.999e+03])')


def test_requires_grad_is_read_only():
    x = _var(requires_grad=False)
    assert not x.requires_grad
    assert _var().requires_grad
    with pytest.raises(AttributeError):
        x.requires_grad = True


@pytest.mark.parametrize('op', ['__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__'])
def test_comparisons_raise(op):
    x, y = _var(), _var()
    with pytest.raises(TypeError, match='compare'):
        getattr(x, op)(y)


def test_bool_raises():
    with pytest.raises(TypeError, match='truth value'):
        bool(Variable(numpy.array(1.0)))
    with pytest.raises(TypeError):
        if _var():
            pass


def test_variables_are_unhashable_as_in_chainer():
    with pytest.raises(TypeError, match='unhashable type'):
        hash(_var())


def test_pickle_round_trip_keeps_data_and_grad():
    x = _var(name='w')
    x.grad = numpy.full((2, 3), 0.5)
    y = pickle.loads(pickle.dumps(x))
    numpy.testing.assert_array_equal(y.array, x.array)
    numpy.testing.assert_array_equal(y.grad, x.grad)
    assert y.name == 'w' and y.creator is None


# -- gradients ------------------------------------------------------------------------------

def test_grad_setter_and_grad_var():
    x = _var()
    assert x.grad is None and x.grad_var is None
    g = numpy.ones((2, 3))
    x.grad = g
    assert x.grad is g
    assert isinstance(x.grad_var, Variable) and x.grad_var.array is g
    gv = Variable(numpy.zeros((2, 3)))
    x.grad_var = gv
    assert x.grad_var is gv and x.grad is gv.array
    x.grad = None
    assert x.grad_var is None


def test_grad_setter_checks():
    x = _var()
    with pytest.raises(TypeError, match='dtype float32 but its variable has dtype float64'):
        x.grad = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(ValueError, match=r'shape \(3, 2\) but its variable has shape \(2, 3\)'):
        x.grad = numpy.ones((3, 2))
    with pytest.raises(TypeError, match='numpy.ndarray'):
        x.grad = [[1.0] * 3] * 2
    with pytest.raises(ValueError, match='shape'):
        x.grad_var = Variable(numpy.ones(3))


def test_cleargrad():
    x = _var()
    x.grad = numpy.ones((2, 3))
    x.cleargrad()
    assert x.grad is None and x.grad_var is None


@pytest.mark.filterwarnings('ignore:Variable.zerograd is deprecated')
def test_zerograd_allocates_and_fills_in_place():
    x = _var(dtype=numpy.float32)
    with pytest.warns(DeprecationWarning, match='use Variable.cleargrad|Use Variable.cleargrad'):
        x.zerograd()
    assert x.grad.dtype == numpy.float32
    numpy.testing.assert_array_equal(x.grad, numpy.zeros((2, 3)))
    g = x.grad
    g += 3
    x.zerograd()
    assert x.grad is g
    numpy.testing.assert_array_equal(g, 0)


@pytest.mark.filterwarnings('ignore:Variable.zerograd is deprecated')
def test_zerograd_cuts_the_gradient_from_its_graph():
    # the zeros no longer come from the graph that computed the gradient (as in Chainer)
    x = _var((3,))
    F.sum(x * x).backward(enable_double_backprop=True)
    gv = x.grad_var
    assert gv.creator_node is not None
    x.zerograd()
    assert x.grad_var is gv and gv.creator_node is None
    numpy.testing.assert_array_equal(x.grad, 0)


def test_node_requires_grad_under_chainer_name():
    # Chainer code sets VariableNode._requires_grad; it is requires_grad here
    x = _var((3,))
    y0, y1 = F.split_axis(F.identity(x), 3, 0)[:2]
    node = x.node
    assert node._requires_grad is True
    node._requires_grad = False
    assert node.requires_grad is False
    F.sum(y0).backward()
    assert x.grad is None


def test_layout_is_the_standard_one():
    assert _var((2, 3)).layout is None
    assert kusari.Parameter(numpy.ones(2)).layout is None
    assert kusari.Parameter().layout is None


def test_backward_size1_starts_from_ones():
    x = _var((3,))
    y = F.sum(x * x)
    y.backward()
    numpy.testing.assert_allclose(x.grad, 2 * x.array)
    assert y.grad is None                       # as in Chainer: kept only with retain_grad
    y = F.sum(x * x)
    y.backward(retain_grad=True)
    numpy.testing.assert_array_equal(y.grad, 1.0)


def test_backward_of_a_one_element_array_warns():
    x = _var((1,))
    with pytest.warns(DeprecationWarning, match='one element'):
        (x * 2.0).backward()
    numpy.testing.assert_array_equal(x.grad, [2.0])


def test_backward_of_larger_output_needs_grad():
    x = _var((3,))
    y = x * 2.0
    with pytest.raises(ValueError, match='needs its gradient'):
        y.backward()
    y.grad = numpy.array([1.0, 2.0, 3.0])
    y.backward()
    numpy.testing.assert_allclose(x.grad, [2.0, 4.0, 6.0])


def test_backward_of_empty_output_starts_from_its_empty_gradient():
    # model-parallel delegate variables are empty: backward() from them runs the graph
    x = _var((3,))
    y = (x * 2.0)[:0]
    y.backward(retain_grad=True)
    assert y.grad.shape == (0,)
    numpy.testing.assert_array_equal(x.grad, numpy.zeros(3))


def test_backward_accumulates_across_calls():
    x = _var((3,))
    F.sum(x * x).backward()
    F.sum(x * 3.0).backward()
    numpy.testing.assert_allclose(x.grad, 2 * x.array + 3.0)
    x.cleargrad()
    F.sum(x * 3.0).backward()
    numpy.testing.assert_allclose(x.grad, [3.0, 3.0, 3.0])


def test_backward_of_a_leaf_sets_its_initial_gradient():
    x = Variable(numpy.array(2.0))
    x.backward()
    numpy.testing.assert_array_equal(x.grad, 1.0)    # as in Chainer
    v = Variable(numpy.ones(3))
    v.backward()                                   # no gradient, nothing to do
    assert v.grad is None


def test_backward_skips_variables_without_requires_grad():
    x = _var((3,))
    c = _var((3,), requires_grad=False)
    F.sum(x * c).backward()
    numpy.testing.assert_allclose(x.grad, c.array)
    assert c.grad is None


def test_backward_retain_grad():
    x = _var((3,))
    h = x * 2.0
    y = F.sum(h * h)
    y.backward()
    assert h.grad is None
    x.cleargrad()
    y = F.sum(h * h)
    y.backward(retain_grad=True)
    numpy.testing.assert_allclose(h.grad, 2 * h.array)
    numpy.testing.assert_allclose(x.grad, 8 * x.array)


def test_backward_enable_double_backprop():
    x = _var((3,))
    y = F.sum(x ** 3)
    y.backward()
    assert x.grad_var.creator is None
    x.cleargrad()
    y.backward(enable_double_backprop=True)
    gx = x.grad_var
    assert gx.creator is not None
    numpy.testing.assert_allclose(gx.array, 3 * x.array ** 2)
    x.cleargrad()
    F.sum(gx).backward()
    numpy.testing.assert_allclose(x.grad, 6 * x.array)


def test_backward_loss_scale():
    x = _var((3,))
    y = F.sum(x * x)
    y.backward(loss_scale=8.0, retain_grad=True)
    numpy.testing.assert_allclose(x.grad, 16 * x.array)
    numpy.testing.assert_array_equal(y.grad, 8.0)
    assert x._loss_scale == 8.0


def test_backward_through_gradient_of_wrong_shape_raises():
    class Bad(kusari.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            return Variable(numpy.ones(5)),

    x = _var((3,))
    y = F.sum(Bad().apply((x,))[0])
    with pytest.raises(ValueError, match=r'shape of gradients returned from backward is incorrect: '
                       r'input-index=0, actual \(5,\) != expected \(3,\)\n  function=Bad'):
        y.backward()


# -- graph ----------------------------------------------------------------------------------

def test_creator_and_creator_node():
    x = _var()
    assert x.creator is None and x.creator_node is None and x.rank == 0
    y = F.exp(x)
    assert type(y.creator_node).__name__ == 'Exp'
    assert y.creator is y.creator_node
    assert y.rank == 1
    z = y * y
    assert z.rank == 2
    y.creator_node = None
    assert y.creator is None and y.rank == 1     # the rank stays, as in Chainer


def test_unchain_makes_a_leaf():
    x = _var((3,))
    h = x * 2.0
    y = F.sum(h * h)
    h.unchain()
    assert h.creator is None
    y.backward()
    assert x.grad is None
    numpy.testing.assert_allclose(h.grad, 2 * h.array)


def test_unchain_backward_cuts_every_edge():
    x = _var((3,))
    h = x * 2.0
    g = h * h
    y = F.sum(g)
    y.unchain_backward()
    assert y.creator is None and g.creator is None and h.creator is None
    y.backward()
    assert x.grad is None and h.grad is None


def test_unchain_backward_frees_the_graph():
    x = _var((3,))
    h = F.exp(x)
    y = F.sum(h * h)
    refs = [weakref.ref(h.creator_node), weakref.ref(y.creator_node)]
    mul_ref = weakref.ref(h.node.get_variable().creator_node)
    del h
    gc.collect()
    assert all(r() is not None for r in refs)
    y.unchain_backward()
    gc.collect()
    assert y.creator_node is None
    assert all(r() is None for r in refs) and mul_ref() is None


def test_node_holds_variable_weakly():
    x = _var()
    node = x.node
    assert node.get_variable() is x
    del x
    gc.collect()
    assert node.get_variable_or_none() is None


# -- array-like methods ---------------------------------------------------------------------

def test_T_and_transpose():
    x = _var((2, 3, 4))
    numpy.testing.assert_array_equal(x.T.array, x.array.T)
    numpy.testing.assert_array_equal(x.transpose().array, x.array.transpose())
    numpy.testing.assert_array_equal(x.transpose(1, 0, 2).array, x.array.transpose(1, 0, 2))
    numpy.testing.assert_array_equal(x.transpose((2, 0, 1)).array, x.array.transpose(2, 0, 1))
    numpy.testing.assert_array_equal(x.transpose(None).array, x.array.T)
    y = F.sum(x.T * x.T.array)
    y.backward()
    numpy.testing.assert_allclose(x.grad, x.array)


def test_reshape_forms():
    x = _var((2, 3))
    assert x.reshape(3, 2).shape == (3, 2)
    assert x.reshape((6,)).shape == (6,)
    assert x.reshape([1, 6]).shape == (1, 6)
    assert x.reshape(-1, 2).shape == (3, 2)
    y = x.reshape(6)
    y.grad = numpy.arange(6.0)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.arange(6.0).reshape(2, 3))


def test_getitem():
    x = _var((3, 4))
    numpy.testing.assert_array_equal(x[1].array, x.array[1])
    numpy.testing.assert_array_equal(x[:, 1:3].array, x.array[:, 1:3])
    numpy.testing.assert_array_equal(x[[0, 0, 2]].array, x.array[[0, 0, 2]])
    F.sum(x[[0, 0, 2], 1]).backward()
    expected = numpy.zeros((3, 4))
    expected[0, 1] = 2
    expected[2, 1] = 1
    numpy.testing.assert_array_equal(x.grad, expected)


def test_operators_and_reflected_forms():
    a = numpy.array([1.5, 2.0, 3.0])
    x = Variable(a)
    cases = [
        (x + 2, a + 2), (2 + x, 2 + a), (x - 2, a - 2), (2 - x, 2 - a), (x * 3, a * 3),
        (3 * x, 3 * a), (x / 2, a / 2), (2 / x, 2 / a), (x ** 2, a ** 2), (2 ** x, 2 ** a),
        (-x, -a), (abs(-x), a), (+x, a), (x + a, 2 * a), (a + x, 2 * a), (a - x, 0 * a),
        (a * x, a * a), (a / x, a / a), (x ** x, a ** a), (a ** x, a ** a), (x @ a, a @ a),
        (a @ x, a @ a),
    ]
    for v, e in cases:
        assert isinstance(v, Variable)
        numpy.testing.assert_allclose(v.array, e)


def test_operator_with_unsupported_type_raises_type_error():
    x = _var()
    with pytest.raises(TypeError):
        x + 'a'
    with pytest.raises(TypeError):
        x @ 2.0


# -- as_variable / as_array -----------------------------------------------------------------

def test_as_variable_and_as_array():
    a = numpy.ones(3)
    v = as_variable(a)
    assert isinstance(v, Variable) and v.array is a and not v.requires_grad
    x = _var()
    assert as_variable(x) is x
    assert as_array(x) is x.array
    assert as_array(a) is a


# -- Parameter ------------------------------------------------------------------------------

def _initializers():
    try:
        from kusari import initializers
        initializers.Constant, initializers.NaN, initializers.generate_array  # noqa: B018
    except (ImportError, AttributeError):
        pytest.skip('kusari.initializers is not available yet')
    return initializers


def test_parameter_from_array():
    _initializers()
    a = numpy.arange(3.0)
    p = kusari.Parameter(a, name='w')
    assert p.array is a and p.name == 'w' and p.is_initialized
    assert isinstance(p, Variable)
    assert repr(p).startswith('variable w(')  # Chainer writes parameters as variables


def test_parameter_constant_with_shape():
    initializers = _initializers()
    p = kusari.Parameter(initializers.Constant(2.0), (2, 3))
    assert p.shape == (2, 3) and p.dtype == numpy.float32
    numpy.testing.assert_array_equal(p.array, 2.0)
    assert numpy.isnan(p.grad).all()
    q = kusari.Parameter(1.5, (2,))
    numpy.testing.assert_array_equal(q.array, 1.5)


def test_parameter_lazy_initialize():
    _initializers()
    p = kusari.Parameter()
    assert not p.is_initialized and p.array is None
    assert p.dtype == numpy.float32
    p.initialize((4,))
    assert p.shape == (4,)
    assert numpy.isnan(p.array).all()
    p.cleargrad()
    assert p.grad is None


def test_parameter_grad_after_cleargrad_or_zerograd_before_initialize():
    _initializers()
    p = kusari.Parameter()
    p.cleargrad()
    p.initialize((3,))
    assert p.grad is None  # a lazy link after cleargrads(): backward must not add into NaN
    F.sum(p * 2.0).backward()
    numpy.testing.assert_array_equal(p.grad, 2.0)
    q = kusari.Parameter()
    with pytest.warns(DeprecationWarning, match='zerograd is deprecated'):
        q.zerograd()
    q.initialize((2,))
    numpy.testing.assert_array_equal(q.grad, 0.0)


def test_uninitialized_parameter_has_no_gradient_to_read_yet():
    p = kusari.Parameter()
    with pytest.raises(RuntimeError, match='uninitialized'):
        p.grad
    p.cleargrad()
    assert p.grad is None


def test_parameter_dtype_unknown_before_initialization_raises():
    class NoDtype:
        def __call__(self, array):
            array[...] = 1

    p = kusari.Parameter(NoDtype())
    with pytest.raises(RuntimeError, match='dtype'):
        p.dtype
    p.initialize((2,))
    assert p.dtype == numpy.float32


def test_a_copy_of_an_uninitialized_parameter_shares_its_data_once_initialized():
    import copy
    p = kusari.Parameter()
    q = copy.copy(p)
    p.initialize((3, 2))
    assert q.array is p.array
    r = kusari.Parameter()
    t = copy.copy(r)
    t.to_device('@numpy')
    r.initialize((2,))
    assert t.array is r.array       # the same device: still shared


def test_parameter_initialized_on_the_device_it_was_sent_to():
    _initializers()
    p = kusari.Parameter()
    p.to_device('@numpy')
    p.initialize((2,))
    assert p.device == kusari.backend.CpuDevice()


def test_parameter_update_rule_and_gradient():
    _initializers()
    p = kusari.Parameter(numpy.array([1.0, 2.0]))
    p.update()  # no update rule: nothing happens
    numpy.testing.assert_array_equal(p.array, [1.0, 2.0])

    class Rule:
        def update(self, param):
            param.array -= 0.5 * param.grad

    p.update_rule = Rule()
    F.sum(p * p).backward()
    p.update()
    numpy.testing.assert_allclose(p.array, [0.0, 0.0])


def test_addgrad_and_copydata():
    x = _var((3,))
    y = _var((3,))
    x.addgrad(y)             # y has no gradient: nothing happens
    assert x.grad is None
    y.grad = numpy.array([1.0, 2.0, 3.0])
    x.addgrad(y)
    numpy.testing.assert_array_equal(x.grad, y.grad)
    assert x.grad is not y.grad
    x.addgrad(y)
    numpy.testing.assert_array_equal(x.grad, 2 * y.grad)
    z = Variable(numpy.zeros(3))
    z.copydata(y)
    numpy.testing.assert_array_equal(z.array, y.array)
    assert z.array is not y.array


def test_variable_node_takes_no_grad():
    with pytest.raises(ValueError, match='no grad'):
        kusari.variable.VariableNode(Variable(), '', grad=None)


def test_init_unchecked_makes_a_variable_with_a_node():
    a = numpy.ones(3)
    x = Variable._init_unchecked(a, name='x')
    assert x.array is a and x.name == 'x' and x._has_chainerx_array is False
    assert isinstance(x.node, kusari.variable.VariableNode)


def test_assigning_data_updates_the_node_and_its_retained_array():
    x = Variable(numpy.ones((3, 2), numpy.float32))
    F.sin(x)                                       # sin retains its input
    x.data = numpy.ones((2, 4))
    assert x.node.shape == (2, 4) and x.node.dtype == numpy.float64
    assert x.node.data is x.array


def test_copydata_and_addgrad_initialize_an_uninitialized_parameter():
    _initializers()
    src = Variable(numpy.arange(3.0, dtype=numpy.float32))
    src.grad = numpy.ones(3, numpy.float32)
    p = kusari.Parameter()
    p.copydata(src)
    numpy.testing.assert_array_equal(p.array, src.array)
    q = kusari.Parameter(numpy.zeros(3, numpy.float32))
    r = kusari.Parameter()
    q.copydata(r)                                  # the uninitialized side takes q's shape
    assert r.shape == (3,)
    s = kusari.Parameter()
    s.cleargrad()                                  # else initialize() makes a NaN gradient
    s.addgrad(src)
    numpy.testing.assert_array_equal(s.grad, src.grad)
    assert s.grad is not src.grad


def test_summary_and_debug_print():
    x = Variable(numpy.arange(4.0).reshape(2, 2), name='w')
    assert x.summary() == '<variable w>'
    assert Variable(numpy.ones(1)).summary().startswith('<variable at 0x')
    text = x.debug_print()
    lines = text.splitlines()
    assert lines[0] == '<variable w>' and lines[1] == '- device: CPU'
    assert lines[3] == '- shape: (2, 2)' and lines[4] == '- dtype: float64'
    assert lines[5] == '- statistics: mean=1.50000000, std=1.11803399'
    assert lines[6] == '- grad: None'
    x.grad = numpy.zeros((2, 2))
    assert x.debug_print().endswith('- grad: 0')
