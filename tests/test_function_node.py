"""FunctionNode: apply, retained inputs/outputs, rank, label, type checks, user subclasses."""
import gc

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import FunctionNode, Variable
from kusari.utils import type_check
from kusari.utils.type_check import InvalidType


class MulAdd(FunctionNode):
    """``y0 = a * b``, ``y1 = a + b``: retains both inputs and the first output."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        self.retain_outputs((0,))
        a, b = inputs
        return a * b, a + b

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gy0, gy1 = grad_outputs
        ret = []
        for i in indexes:
            g = None
            if gy0 is not None:
                g = gy0 * (b if i == 0 else a)
            if gy1 is not None:
                g = gy1 if g is None else g + gy1
            ret.append(g)
        return tuple(ret)


def _ab():
    return Variable(numpy.array([1.0, 2.0])), Variable(numpy.array([3.0, 5.0]))


def test_apply_returns_variables_and_builds_the_graph():
    a, b = _ab()
    node = MulAdd()
    y0, y1 = node.apply((a, b))
    assert isinstance(y0, Variable) and isinstance(y1, Variable)
    numpy.testing.assert_array_equal(y0.array, [3.0, 10.0])
    numpy.testing.assert_array_equal(y1.array, [4.0, 7.0])
    assert y0.creator_node is node and y1.creator_node is node
    assert node.inputs == (a.node, b.node)
    assert [r() for r in node.outputs] == [y0.node, y1.node]
    assert y0.requires_grad


def test_apply_accepts_arrays():
    node = MulAdd()
    y0, _ = node.apply((numpy.array([2.0]), numpy.array([4.0])))
    numpy.testing.assert_array_equal(y0.array, [8.0])
    # as in Chainer, the graph is recorded whenever backprop is enabled (so that y.creator
    # can be inspected), but no gradient is required
    assert y0.creator_node is node and not y0.requires_grad
    with kusari.no_backprop_mode():
        z0, _ = MulAdd().apply((numpy.array([2.0]), numpy.array([4.0])))
    assert z0.creator_node is None


def test_apply_without_backprop_records_nothing():
    a, b = _ab()
    with kusari.no_backprop_mode():
        y0, y1 = MulAdd().apply((a, b))
    assert y0.creator is None and y1.creator is None
    assert a.node.data is None


def test_apply_on_an_array_and_a_variable():
    a, _ = _ab()
    y0, y1 = MulAdd().apply((a, numpy.array([3.0, 5.0])))
    F.sum(y0 + y1).backward()
    numpy.testing.assert_array_equal(a.grad, [4.0, 6.0])


def test_retained_inputs_and_outputs():
    a, b = _ab()
    node = MulAdd()
    y0, y1 = node.apply((a, b))
    assert a.node.data is a.array and b.node.data is b.array
    ra, rb = node.get_retained_inputs()
    assert ra is a and rb is b
    ry0, = node.get_retained_outputs()
    assert ry0 is y0
    assert node.output_data[0] is y0.array and node.output_data[1] is None


def test_input_data_not_retained_is_not_kept():
    x = Variable(numpy.ones(3))
    y = x * 2.0   # MulConstant retains nothing
    assert x.node.data is None
    with pytest.raises(RuntimeError, match='retain_outputs'):
        y.creator_node.output_data


def test_retained_input_rebuilt_when_its_variable_is_gone():
    a, b = _ab()
    a_data = a.array
    node = MulAdd()
    node.apply((a, b))
    del a
    gc.collect()
    ra, _ = node.get_retained_inputs()
    assert ra.array is a_data and ra.node is node.inputs[0]


def test_retained_output_rebuilt_when_its_variable_is_gone():
    a, b = _ab()
    node = MulAdd()
    y0, y1 = node.apply((a, b))
    data = y0.array
    del y0
    gc.collect()
    ry0, = node.get_retained_outputs()
    assert ry0.array is data
    assert ry0.creator_node is node
    assert node.outputs[0]() is ry0.node


def test_rank():
    x = Variable(numpy.ones(2))
    y = F.exp(x)
    z = y * x
    w = z + 1.0
    assert y.creator_node.rank == 0 and y.rank == 1
    assert z.creator_node.rank == 1 and z.rank == 2
    assert w.creator_node.rank == 2 and w.rank == 3


def test_label():
    assert MulAdd().label == 'MulAdd'

    class Labeled(MulAdd):
        @property
        def label(self):
            return 'my-label'

    assert Labeled().label == 'my-label'
    assert repr(MulAdd()) == '<MulAdd rank=0>'


class CheckedAdd(FunctionNode):
    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'y'))
        x_type, y_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.dtype == y_type.dtype,
            x_type.shape == y_type.shape,
            x_type.ndim >= 1,
        )

    def forward(self, inputs):
        return inputs[0] + inputs[1],

    def backward(self, indexes, grad_outputs):
        return grad_outputs * 2


def test_check_type_forward_passes():
    y, = CheckedAdd().apply((numpy.ones(2), numpy.ones(2)))
    numpy.testing.assert_array_equal(y.array, [2.0, 2.0])


@pytest.mark.parametrize('x, y, match', [
    (numpy.ones(2, numpy.int32), numpy.ones(2, numpy.int32),
     r"(?s)CheckedAdd \(Forward\).*Expect: x\.dtype\.kind == 'f'.*Actual: 'i' != 'f'"),
    (numpy.ones(2), numpy.ones(2, numpy.float32),
     r'(?s)CheckedAdd.*Expect: x\.dtype == y\.dtype.*Actual: float64 != float32'),
    (numpy.ones(2), numpy.ones(3),
     r'(?s)CheckedAdd.*Expect: x\.shape == y\.shape.*Actual: \(2,\) != \(3,\)'),
    (numpy.ones(()), numpy.ones(()),
     r'(?s)CheckedAdd.*Expect: x\.ndim >= 1.*Actual: 0 < 1'),
])
def test_check_type_forward_message(x, y, match):
    with pytest.raises(InvalidType, match=match):
        CheckedAdd().apply((x, y))


def test_check_type_forward_argument_count():
    with pytest.raises(InvalidType, match=r'(?s)CheckedAdd.*in_types\.size\(\) == 2.*3 != 2'):
        CheckedAdd().apply((numpy.ones(2),) * 3)


def test_type_check_can_be_disabled():
    with kusari.using_config('type_check', False):
        y, = CheckedAdd().apply((numpy.ones(2), numpy.ones(2, numpy.float32)))
    assert y.shape == (2,)


def test_forward_must_return_a_tuple():
    class NoTuple(FunctionNode):
        def forward(self, inputs):
            return inputs[0]

    with pytest.raises(TypeError, match='NoTuple.forward output must be a tuple of ndarrays'):
        NoTuple().apply((numpy.ones(2),))


def test_forward_must_return_arrays():
    class NotArray(FunctionNode):
        def forward(self, inputs):
            return [1.0],

    with pytest.raises(TypeError, match='forward output must be a tuple of ndarrays'):
        NotArray().apply((numpy.ones(2),))


def test_forward_returning_numpy_scalar_is_made_an_array():
    class Scalar(FunctionNode):
        def forward(self, inputs):
            return inputs[0].sum(),

    y, = Scalar().apply((numpy.ones(2),))
    assert isinstance(y.array, numpy.ndarray) and y.shape == ()


def test_forward_cpu_dispatch_and_missing_forward():
    class CpuOnly(FunctionNode):
        def forward_cpu(self, inputs):
            return inputs[0] * 3,

    y, = CpuOnly().apply((numpy.ones(2),))
    numpy.testing.assert_array_equal(y.array, [3.0, 3.0])

    class Nothing(FunctionNode):
        pass

    with pytest.raises(NotImplementedError, match='Nothing implements neither forward'):
        Nothing().apply((numpy.ones(2),))


def test_backward_default_returns_none():
    class NoGrad(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

    x = Variable(numpy.ones(2))
    F.sum(NoGrad().apply((x,))[0]).backward()
    assert x.grad is None


def test_backward_may_return_one_gradient_per_input():
    class AllInputs(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * inputs[1],

        def backward(self, indexes, grad_outputs):
            # always both, even when one is not requested
            return grad_outputs[0] * 1.0, grad_outputs[0] * 2.0

    x = Variable(numpy.ones(2))
    c = Variable(numpy.ones(2), requires_grad=False)
    F.sum(AllInputs().apply((c, x))[0]).backward()
    numpy.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_backward_returning_wrong_count_raises():
    class Wrong(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * inputs[1],

        def backward(self, indexes, grad_outputs):
            return grad_outputs * 3

    x, y = Variable(numpy.ones(2)), Variable(numpy.ones(2))
    with pytest.raises(ValueError, match='number of gradients returned from backward is '
                                         'incorrect: 3 != expected 2'):
        F.sum(Wrong().apply((x, y))[0]).backward()


def test_backward_accumulate_override():
    calls = []

    class Acc(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2.0,

        def backward_accumulate(self, indexes, grad_outputs, grad_inputs):
            calls.append(grad_inputs)
            g = grad_outputs[0] * 2.0
            return (g if grad_inputs[0] is None else g + grad_inputs[0]),

    x = Variable(numpy.array([1.0, 2.0]))
    h = x * 1.0
    y = Acc().apply((h,))[0] + h * 5.0
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad, [7.0, 7.0])
    assert len(calls) == 1


def test_default_backward_accumulate_adds():
    node = MulAdd()
    a, b = _ab()
    node.apply((a, b))
    gy = Variable(numpy.ones(2))
    g0, g1 = node.backward_accumulate((0, 1), (gy, None), (Variable(numpy.ones(2)), None))
    numpy.testing.assert_array_equal(g0.array, b.array + 1)
    numpy.testing.assert_array_equal(g1.array, a.array)


def test_function_node_unchain():
    a, b = _ab()
    node = MulAdd()
    y0, y1 = node.apply((a, b))
    node.unchain()
    assert node.inputs is None
    assert y0.creator is None and y1.creator is None


def test_gradients_flow_through_both_outputs():
    a, b = _ab()
    y0, y1 = MulAdd().apply((a, b))
    F.sum(y0 * 2.0 + y1).backward()
    numpy.testing.assert_array_equal(a.grad, 2 * b.array + 1)
    numpy.testing.assert_array_equal(b.grad, 2 * a.array + 1)


def test_unused_output_gets_no_gradient():
    a, b = _ab()
    y0, y1 = MulAdd().apply((a, b))
    del y1
    F.sum(y0).backward()
    numpy.testing.assert_array_equal(a.grad, b.array)


def test_local_function_hooks():
    node = MulAdd()
    hook = kusari.FunctionHook()
    node.add_hook(hook, 'h')
    assert node.local_function_hooks == {'h': hook}
    node.delete_hook('h')
    assert node.local_function_hooks == {}
    with pytest.raises(TypeError, match='MulAdd.add_hook: the hook must be a FunctionHook, '
                       'not object'):
        node.add_hook(object(), 'h')


def test_check_type_forward_set_on_an_instance_is_called():
    from kusari.utils import type_check
    seen = []

    class Plain(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

    f = Plain()
    f.check_type_forward = seen.append
    f.apply((numpy.ones((2, 3), numpy.float32),))
    types, = seen
    assert isinstance(types, type_check.LightTypeInfoTuple) and len(types) == 1
    assert types[0].shape == (2, 3)            # light type infos hold plain values


def test_base_forward_dispatches_to_forward_cpu():
    class CpuOnly(FunctionNode):
        def forward_cpu(self, inputs):
            return inputs[0] + 1,

    y, = CpuOnly().forward((numpy.zeros(2),))
    numpy.testing.assert_array_equal(y, [1.0, 1.0])


def test_retained_inputs_and_outputs_are_empty_when_none_were_retained():
    got = []

    class NoRetain(FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 3,

        def backward(self, indexes, grad_outputs):
            got.append((self.get_retained_inputs(), self.get_retained_outputs()))
            return grad_outputs[0] * 3.0,

    x = Variable(numpy.ones(2))
    F.sum(NoRetain().apply((x,))[0]).backward()
    assert got == [((), ())]


def test_type_check_message_shows_numpy_types_as_chainer_does():
    from kusari.utils import type_check

    class Typed(FunctionNode):
        def check_type_forward(self, in_types):
            type_check.expect(in_types[0].dtype == numpy.float32)

        def forward(self, inputs):
            return inputs

    with pytest.raises(type_check.InvalidType) as info:
        Typed().apply((numpy.ones(2),))
    assert str(info.value) == (
        "Invalid operation is performed in: Typed (Forward)\n\n"
        "Expect: in_types[0].dtype == <class 'numpy.float32'>\n"
        "Actual: float64 != <class 'numpy.float32'>")


class WithOptional(FunctionNode):
    """Takes ``(x, maybe)``; ``maybe`` may be None (Chainer passes None gradients so)."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, maybe = inputs
        return x * 2 if maybe is None else x * maybe,

    def backward(self, indexes, grad_outputs):
        x, maybe = self.get_retained_inputs()
        self.seen = maybe
        gy, = grad_outputs
        return (gy * 2 if maybe is None else gy * maybe), None


def test_retained_inputs_that_were_none_come_back_as_none():
    x = Variable(numpy.ones(3))
    node = WithOptional()
    y, = node.apply((x, None))
    F.sum(y).backward()
    assert node.seen is None
    numpy.testing.assert_array_equal(x.grad, numpy.full(3, 2.0))


def test_a_creator_is_recorded_for_arrays_so_that_dropout_masks_can_be_read():
    # Chainer's tests read y.creator.mask after dropout on a plain array
    y = F.dropout(numpy.ones((4, 3), numpy.float32), 0.5)
    assert y.creator is not None and y.creator.mask.shape == (4, 3)
