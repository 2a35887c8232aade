"""The backprop engine: kusari.grad, kusari.backward, graph shapes, higher orders, memory."""
import gc
import weakref

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import FunctionNode, Variable


class Counted(FunctionNode):
    """``y = 3 x``, counting its backward calls."""

    def __init__(self, log):
        self.log = log

    def forward(self, inputs):
        return inputs[0] * 3.0,

    def backward(self, indexes, grad_outputs):
        self.log.append(self)
        return grad_outputs[0] * 3.0,


def _x(values=(0.5, -1.0, 2.0)):
    return Variable(numpy.array(values))


# -- kusari.grad ----------------------------------------------------------------------------

def test_grad_basic_does_not_touch_grad_attributes():
    x = _x()
    h = x * x
    y = F.sum(h * 2.0)
    gx, = kusari.grad([y], [x])
    numpy.testing.assert_allclose(gx.array, 4 * x.array)
    assert x.grad is None and h.grad is None and y.grad is None
    assert gx.creator is None


def test_grad_grad_outputs():
    x = _x()
    y = x * x
    gx, = kusari.grad([y], [x], grad_outputs=[numpy.array([1.0, 2.0, 3.0])])
    numpy.testing.assert_allclose(gx.array, 2 * x.array * [1.0, 2.0, 3.0])
    gx, = kusari.grad([y], [x], grad_outputs=[Variable(numpy.full(3, 0.5))])
    numpy.testing.assert_allclose(gx.array, x.array)
    # None (for an element or for all) means ones, whatever the output size
    gx, = kusari.grad([y], [x], grad_outputs=[None])
    numpy.testing.assert_allclose(gx.array, 2 * x.array)
    gx, = kusari.grad([y], [x])
    numpy.testing.assert_allclose(gx.array, 2 * x.array)


def test_grad_grad_inputs_are_added():
    x = _x()
    y = F.sum(x * 2.0)
    gx, = kusari.grad([y], [x], grad_inputs=[numpy.array([1.0, 10.0, 100.0])])
    numpy.testing.assert_allclose(gx.array, [3.0, 12.0, 102.0])
    z = Variable(numpy.ones(2))
    gx, gz = kusari.grad([y], [x, z], grad_inputs=[None, Variable(numpy.full(2, 7.0))])
    numpy.testing.assert_allclose(gx.array, 2.0)
    numpy.testing.assert_allclose(gz.array, 7.0)


def test_grad_set_grad():
    x = _x()
    y = F.sum(x * x)
    gx, = kusari.grad([y], [x], set_grad=True)
    assert x.grad_var is gx
    numpy.testing.assert_allclose(x.grad, 2 * x.array)


def test_grad_retain_grad():
    x = _x()
    h = x * 3.0
    y = F.sum(h * h)
    kusari.grad([y], [x])
    assert h.grad is None
    kusari.grad([y], [x], retain_grad=True)
    numpy.testing.assert_allclose(h.grad, 2 * h.array)


def test_grad_enable_double_backprop():
    x = _x()
    y = F.sum(x ** 3)
    gx, = kusari.grad([y], [x], enable_double_backprop=True)
    assert gx.creator is not None
    ggx, = kusari.grad([F.sum(gx)], [x])
    numpy.testing.assert_allclose(ggx.array, 6 * x.array)


def test_grad_loss_scale():
    x = _x()
    y = F.sum(x * x)
    gx, = kusari.grad([y], [x], loss_scale=4.0)
    numpy.testing.assert_allclose(gx.array, 8 * x.array)


def test_grad_of_non_connected_input_is_none():
    x, z = _x(), _x()
    y = F.sum(x * 2.0)
    gx, gz = kusari.grad([y], [x, z])
    assert gz is None
    numpy.testing.assert_allclose(gx.array, 2.0)


def test_grad_of_input_not_requiring_grad_is_none():
    x = _x()
    c = Variable(numpy.ones(3), requires_grad=False)
    gx, gc_ = kusari.grad([F.sum(x * c)], [x, c])
    assert gc_ is None
    numpy.testing.assert_allclose(gx.array, 1.0)


def test_grad_wrt_an_intermediate_variable():
    x = _x()
    h = x * 2.0
    y = F.sum(h * h)
    gh, = kusari.grad([y], [h])
    numpy.testing.assert_allclose(gh.array, 2 * h.array)


def test_grad_wrt_an_output_itself():
    x = _x()
    y = x * 2.0
    gy, = kusari.grad([y], [y], grad_outputs=[numpy.full(3, 5.0)])
    numpy.testing.assert_allclose(gy.array, 5.0)


def test_grad_visits_only_the_needed_part_of_the_graph():
    log = []
    x = _x()
    c = _x()
    side = Counted(log).apply((c,))[0]
    y = F.sum(x * side)
    gx, = kusari.grad([y], [x])
    numpy.testing.assert_allclose(gx.array, side.array)
    assert log == []  # the branch behind c was not traversed
    y.backward()
    assert len(log) == 1


def test_grad_argument_errors():
    x = _x()
    y = F.sum(x)
    with pytest.raises(TypeError, match='outputs must be a tuple or a list'):
        kusari.grad(y, [x])
    with pytest.raises(TypeError, match='inputs must be a tuple or a list'):
        kusari.grad([y], x)
    with pytest.raises(TypeError, match='must be Variables'):
        kusari.grad([y], [x.array])
    with pytest.raises(ValueError, match='grad_outputs has 2 elements but outputs has 1'):
        kusari.grad([y], [x], grad_outputs=[None, None])
    with pytest.raises(ValueError, match='grad_inputs has 2 elements but inputs has 1'):
        kusari.grad([y], [x], grad_inputs=[None, None])


def test_grad_output_gradient_checked():
    x = _x()
    y = x * 2.0
    with pytest.raises(ValueError, match='shape'):
        kusari.grad([y], [x], grad_outputs=[numpy.ones(4)])
    with pytest.raises(TypeError, match='dtype'):
        kusari.grad([y], [x], grad_outputs=[numpy.ones(3, numpy.float32)])


def test_grad_several_outputs():
    x = _x()
    y1 = F.sum(x * x)
    y2 = F.sum(x * 3.0)
    gx, = kusari.grad([y1, y2], [x])
    numpy.testing.assert_allclose(gx.array, 2 * x.array + 3)


# -- kusari.backward ------------------------------------------------------------------------

def test_backward_several_outputs():
    x = _x()
    y1 = x * x
    y2 = x * 3.0
    kusari.backward([y1, y2], [numpy.ones(3), numpy.full(3, 2.0)])
    numpy.testing.assert_allclose(x.grad, 2 * x.array + 6)


def test_backward_several_outputs_uses_their_grads():
    x = _x()
    y1 = x * x
    y2 = F.sum(x * 3.0)
    y1.grad = numpy.full(3, 0.5)
    y2.grad = numpy.array(1.0)
    kusari.backward([y1, y2])
    numpy.testing.assert_allclose(x.grad, x.array + 3)
    assert y1.grad is None and y2.grad is None       # taken, as in Chainer


def test_backward_takes_the_grad_of_a_sibling_output_that_nothing_flows_into():
    # As in Chainer (its sentiment example's thin stack relies on it): y0.backward() reaches
    # split_axis, whose other output y1 gets no gradient from the walk; its current grad is
    # used instead. kusari.grad() does not do this, as in Chainer.
    x = _x()
    y0, y1 = F.split_axis(x, [1], 0)
    y0.grad = numpy.ones(1)
    y1.grad = numpy.full(2, 2.0)
    y0.backward()
    numpy.testing.assert_allclose(x.grad, [1.0, 2.0, 2.0])
    gx, = kusari.grad([y0], [x], [numpy.ones(1)])
    numpy.testing.assert_allclose(gx.array, [1.0, 0.0, 0.0])
    # a sibling that does receive a gradient from the walk keeps only that one
    x = _x()
    y0, y1 = F.split_axis(x, [1], 0)
    y1.grad = numpy.full(2, 100.0)
    F.sum(y0 + 0.0 * y0).backward()  # nothing flows into y1: its grad is used
    numpy.testing.assert_allclose(x.grad, [1.0, 100.0, 100.0])
    x = _x()
    y0, y1 = F.split_axis(x, [1], 0)
    y1.grad = numpy.full(2, 100.0)
    (F.sum(y0) + F.sum(y1 * 3.0)).backward()
    numpy.testing.assert_allclose(x.grad, [1.0, 3.0, 3.0])


def test_backward_several_outputs_without_grads_contribute_nothing():
    # as in Chainer: no output starts from ones, and one without a gradient is skipped
    x = _x()
    y1 = F.sum(x * x)
    y2 = x * 3.0
    with pytest.warns(RuntimeWarning, match='has no grad'):
        kusari.backward([y1, y2])
    assert x.grad is None
    kusari.backward([y1, y2], [None, numpy.ones(3)])
    numpy.testing.assert_allclose(x.grad, numpy.full(3, 3.0))


def test_backward_several_outputs_sharing_a_subgraph():
    log = []
    x = _x()
    h = Counted(log).apply((x,))[0]
    kusari.backward([F.sum(h * h), F.sum(h)], [numpy.array(1.0)] * 2, retain_grad=True)
    assert len(log) == 1  # the shared node runs once, with the summed gradient
    numpy.testing.assert_allclose(h.grad, 2 * h.array + 1)
    numpy.testing.assert_allclose(x.grad, 3 * (2 * h.array + 1))


def test_backward_kwargs():
    x = _x()
    kusari.backward([F.sum(x ** 3)], [numpy.array(2.0)], enable_double_backprop=True,
                    loss_scale=2.0)
    numpy.testing.assert_allclose(x.grad, 6 * x.array ** 2)
    assert x._loss_scale == 2.0
    assert x.grad_var.creator is not None
    with pytest.raises(TypeError, match='unexpected keyword'):
        kusari.backward([F.sum(x)], retain=True)
    with pytest.raises(TypeError, match='tuple or a list'):
        kusari.backward(F.sum(x))
    with pytest.raises(ValueError, match='grad_outputs has 1 elements but outputs has 2'):
        kusari.backward([F.sum(x), F.sum(x)], [None])


# -- graph shapes ---------------------------------------------------------------------------

def test_diamond_graph():
    log = []
    x = _x()
    h = Counted(log).apply((x,))[0]       # h = 3x
    a = h * 2.0
    b = F.exp(h)
    y = F.sum(a * b)                      # y = sum(2h exp(h))
    y.backward()
    assert len(log) == 1
    hv = 3 * x.array
    numpy.testing.assert_allclose(x.grad, 3 * (2 * numpy.exp(hv) + 2 * hv * numpy.exp(hv)))


def test_input_used_twice():
    x = _x()
    y = F.sum(x * x)
    y.backward()
    numpy.testing.assert_allclose(x.grad, 2 * x.array)
    x.cleargrad()
    F.sum(F.identity(x) + x).backward()
    numpy.testing.assert_allclose(x.grad, 2.0)


def test_same_variable_as_both_inputs_of_a_two_output_node():
    x = _x()

    class Two(FunctionNode):
        def forward(self, inputs):
            a, b = inputs
            return a * b, a - b

        def backward(self, indexes, grad_outputs):
            g0, g1 = grad_outputs
            return g0 * 1.0 + g1, g0 * 1.0 - g1

    y0, y1 = Two().apply((x, x))
    F.sum(y0 + y1 * 5.0).backward()
    numpy.testing.assert_allclose(x.grad, 2.0)


def test_long_chain_is_not_recursive():
    x = _x()
    y = x
    for _ in range(3000):
        y = y + 1.0
    F.sum(y).backward()
    numpy.testing.assert_allclose(x.grad, 1.0)


def test_debug_names_the_backward_in_which_a_nan_appears():
    x = Variable(numpy.array([0.0, 1.0]))
    y = F.sqrt(x)
    y.grad = numpy.array([0.0, 1.0])
    with kusari.using_config('debug', True), numpy.errstate(all='ignore'):
        with pytest.raises(RuntimeError, match='NaN is detected on forward computation of _ / _ '
                                               r'\(inside the backward of sqrt\)'):
            y.backward()


# -- third derivatives against analytic values ----------------------------------------------

def test_third_derivative_of_x_cubed_exp_x():
    x = Variable(numpy.array([-1.5, -0.3, 0.0, 0.7, 1.2]))
    y = F.sum(x ** 3 * F.exp(x))
    g1, = kusari.grad([y], [x], enable_double_backprop=True)
    g2, = kusari.grad([F.sum(g1)], [x], enable_double_backprop=True)
    g3, = kusari.grad([F.sum(g2)], [x])
    v = x.array
    e = numpy.exp(v)
    numpy.testing.assert_allclose(g1.array, (3 * v ** 2 + v ** 3) * e, rtol=1e-12, atol=1e-14)
    numpy.testing.assert_allclose(g2.array, (6 * v + 6 * v ** 2 + v ** 3) * e,
                                  rtol=1e-12, atol=1e-14)
    numpy.testing.assert_allclose(g3.array, (6 + 18 * v + 9 * v ** 2 + v ** 3) * e,
                                  rtol=1e-12, atol=1e-14)


def test_third_derivative_through_variable_backward():
    x = Variable(numpy.array([0.4, -0.8]))
    F.sum(x ** 3 * F.exp(x)).backward(enable_double_backprop=True)
    g1 = x.grad_var
    x.cleargrad()
    F.sum(g1).backward(enable_double_backprop=True)
    g2 = x.grad_var
    x.cleargrad()
    F.sum(g2).backward()
    v = x.array
    numpy.testing.assert_allclose(x.grad, (6 + 18 * v + 9 * v ** 2 + v ** 3) * numpy.exp(v),
                                  rtol=1e-12)


def test_third_derivative_of_a_matmul_chain_vector():
    # f(x) = sum((A x)^3): the third derivative contracted with v and w is A^T (6 (Av) (Aw))
    rng = numpy.random.default_rng(1)
    A = rng.standard_normal((4, 3))
    v, w = rng.standard_normal(3), rng.standard_normal(3)
    x = Variable(rng.standard_normal(3))
    y = F.sum(F.matmul(A, x) ** 3)
    g1, = kusari.grad([y], [x], enable_double_backprop=True)
    g2, = kusari.grad([F.sum(g1 * v)], [x], enable_double_backprop=True)
    g3, = kusari.grad([F.sum(g2 * w)], [x])
    u = A @ x.array
    numpy.testing.assert_allclose(g1.array, A.T @ (3 * u ** 2), rtol=1e-12)
    numpy.testing.assert_allclose(g2.array, A.T @ (6 * u * (A @ v)), rtol=1e-12)
    numpy.testing.assert_allclose(g3.array, A.T @ (6 * (A @ v) * (A @ w)), rtol=1e-12)


def test_third_derivative_of_a_matmul_chain_matrix():
    # f(X) = sum((A X B)^3) with X a matrix; B enters transposed through transb
    rng = numpy.random.default_rng(2)
    A = rng.standard_normal((3, 2))
    B = rng.standard_normal((4, 5))     # used as B.T: (5, 4)
    V, W = rng.standard_normal((2, 5)), rng.standard_normal((2, 5))
    X = Variable(rng.standard_normal((2, 5)))
    U = F.matmul(A @ X, B, transb=True)
    y = F.sum(U ** 3)
    g1, = kusari.grad([y], [X], enable_double_backprop=True)
    g2, = kusari.grad([F.sum(g1 * V)], [X], enable_double_backprop=True)
    g3, = kusari.grad([F.sum(g2 * W)], [X])
    Bt = B.T
    u = A @ X.array @ Bt
    av, aw = A @ V @ Bt, A @ W @ Bt
    numpy.testing.assert_allclose(g1.array, A.T @ (3 * u ** 2) @ Bt.T, rtol=1e-12)
    numpy.testing.assert_allclose(g2.array, A.T @ (6 * u * av) @ Bt.T, rtol=1e-12)
    numpy.testing.assert_allclose(g3.array, A.T @ (6 * av * aw) @ Bt.T, rtol=1e-12)


# -- memory ---------------------------------------------------------------------------------

def test_retained_arrays_freed_after_backward_and_outputs_gone():
    gc.disable()  # references must go by reference counting alone: no cycles in the graph
    try:
        x = _x()
        h = F.exp(x)        # Exp retains its output
        y = F.sum(h * h)    # Mul retains both inputs
        h_array = weakref.ref(h.array)
        nodes = [weakref.ref(h.creator_node), weakref.ref(y.creator_node), weakref.ref(h.node)]
        del h
        assert h_array() is not None  # still needed by the graph behind y
        y.backward()
        assert h_array() is not None
        del y
        assert h_array() is None
        assert all(r() is None for r in nodes)
        assert x.grad is not None
    finally:
        gc.enable()


def test_array_not_retained_is_freed_while_graph_lives():
    gc.disable()
    try:
        x = _x()
        h = x * 2.0           # nobody retains h's array
        y = F.sum(h + 1.0)
        h_array = weakref.ref(h.array)
        del h
        assert h_array() is None
        y.backward()
        numpy.testing.assert_allclose(x.grad, 2.0)
    finally:
        gc.enable()


def test_double_backprop_graph_freed():
    gc.disable()
    try:
        x = _x()
        h = F.exp(x)
        h_array = weakref.ref(h.array)
        y = F.sum(h * h)
        del h
        y.backward(enable_double_backprop=True)
        gx = x.grad_var
        assert gx.creator is not None
        del y
        assert h_array() is not None  # the gradient's graph still needs exp(x)
        x.cleargrad()
        del gx
        assert h_array() is None
    finally:
        gc.enable()


def test_unchain_backward_frees_retained_arrays():
    gc.disable()
    try:
        x = _x()
        h = F.exp(x)
        y = F.sum(h * h)
        h_array = weakref.ref(h.array)
        exp_node = weakref.ref(h.creator_node)
        del h
        y.unchain_backward()
        assert h_array() is None and exp_node() is None
        assert y.creator is None
        numpy.testing.assert_allclose(y.array, numpy.exp(2 * x.array).sum())
    finally:
        gc.enable()


def _count_graph_objects():
    # type(o), not isinstance(o, ...): a dead weakref.proxy among gc's objects (left by any
    # earlier test) raises ReferenceError when isinstance dereferences it
    kinds = (FunctionNode, kusari.VariableNode)
    return sum(issubclass(type(o), kinds) for o in gc.get_objects())


def test_repeated_training_steps_do_not_grow_live_graph_objects():
    x = _x()

    def step():
        x.cleargrad()
        y = F.sum(F.exp(x) * x + x ** 2)
        y.backward()

    step()
    gc.collect()
    before = _count_graph_objects()
    for _ in range(20):
        step()
    gc.collect()
    after = _count_graph_objects()
    assert after <= before


def test_grad_inputs_flow_on_to_inputs_further_back():
    # x2 = 2 * x1, y = 3 * x2: a gradient given for x2 reaches x1 too (Chainer's semantics)
    x1 = _x()
    x2 = x1 * 2.0
    y = x2 * 3.0
    g1, g2 = kusari.grad([y], [x1, x2], [numpy.ones(3)], [None, numpy.full(3, 10.0)])
    numpy.testing.assert_allclose(g2.array, numpy.full(3, 13.0))
    numpy.testing.assert_allclose(g1.array, numpy.full(3, 26.0))


def test_grad_retain_grad_sets_the_inputs_gradients_too():
    x = _x()
    h = x * 2.0
    y = F.sum(h * h)
    gx, = kusari.grad([y], [x], retain_grad=True)
    numpy.testing.assert_allclose(x.grad, gx.array)
    numpy.testing.assert_allclose(h.grad, 2 * h.array)


@pytest.mark.parametrize('bad', ['grad_outputs', 'grad_inputs'])
def test_grad_refuses_a_variable_where_a_list_is_expected(bad):
    x = _x()
    y = x * x
    g = Variable(numpy.ones(3))
    kwargs = {bad: g}
    with pytest.raises(TypeError, match='{} must be a tuple or a list'.format(bad)):
        kusari.grad([y], [x], **kwargs)


def test_backprop_step_appends_to_the_gradient_lists():
    from kusari import _backprop_utils

    class Double(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            return grad_outputs[0] * 2.0,

    x = _x()
    f = Double()
    f.apply((x,))
    before = Variable(numpy.ones(3))
    lists = {f.inputs[0]: [before]}
    _backprop_utils.backprop_step(f, (0,), (Variable(numpy.full(3, 5.0)),), lists, True)
    g, = lists[f.inputs[0]]          # summed eagerly (config.lazy_grad_sum is False)
    numpy.testing.assert_allclose(g.array, numpy.full(3, 11.0))
    with kusari.using_config('lazy_grad_sum', True):
        lists = {f.inputs[0]: [before]}
        _backprop_utils.backprop_step(f, (0,), (Variable(numpy.ones(3)),), lists, False)
        assert len(lists[f.inputs[0]]) == 2
        numpy.testing.assert_allclose(_backprop_utils._reduce(lists[f.inputs[0]]).array,
                                      numpy.full(3, 3.0))


@pytest.mark.parametrize('returned, message', [
    (lambda gy: (gy, gy), 'number of gradients returned from backward is incorrect'),
    (lambda gy: (), 'number of gradients returned from backward is incorrect'),
    (lambda gy: (gy.array,), 'type of gradients returned from backward is incorrect'),
    (lambda gy: (F.concat((gy, gy), axis=0),), 'shape of gradients returned from backward'),
    (lambda gy: (F.cast(gy, numpy.float32),), 'dtype of gradients returned from backward'),
])
def test_debug_mode_checks_what_backward_returns(returned, message):
    class Bad(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            return returned(grad_outputs[0])

    x = _x()
    y = F.sum(Bad().apply((x,))[0])
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match=message):
            y.backward()
def test_backward_leaves_out_outputs_whose_gradient_is_none():
    # As in Chainer: a None element drops its output, even one of many elements.
    x = _x()
    y1 = x * x
    y2 = x * 3.0
    kusari.backward([y1, y2], [None, numpy.ones(3)])
    numpy.testing.assert_allclose(x.grad, numpy.full(3, 3.0))
    z = F.sum(x)
    x.cleargrad()
    kusari.backward([z], [None])
    assert x.grad is None
