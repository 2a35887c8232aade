"""FunctionHook: called around forward and backward, globally (with) and per node."""
import gc
import threading

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import function_node
from kusari.functions.math import exponential


class Log(kusari.FunctionHook):
    """Records every callback with what it was given."""

    def __init__(self, name='Log', log=None):
        self.name = name
        self.log = [] if log is None else log

    def added(self, function):
        self.log.append((self.name, 'added', function))

    def deleted(self, function):
        self.log.append((self.name, 'deleted', function))

    def forward_preprocess(self, function, in_data):
        self.log.append((self.name, 'fpre', function.label, in_data))

    def forward_postprocess(self, function, in_data):
        self.log.append((self.name, 'fpost', function.label, in_data))

    def backward_preprocess(self, function, in_data, out_grad):
        self.log.append((self.name, 'bpre', function.label, in_data, out_grad))

    def backward_postprocess(self, function, in_data, out_grad):
        self.log.append((self.name, 'bpost', function.label, in_data, out_grad))


def _events(log):
    return [e[:3] if e[1] not in ('added', 'deleted') else e[:2] for e in log]


@pytest.fixture(autouse=True)
def _collect():
    # hooked nodes of earlier tests may sit in reference cycles (a hook that logs its node):
    # the flag stays up until they are collected
    gc.collect()


@pytest.fixture
def x():
    return kusari.Variable(numpy.arange(1, 7, dtype=numpy.float32).reshape(2, 3))


def test_no_hook_flag_is_down():
    assert function_node._hooked is False
    assert kusari.get_function_hooks() == {}


def test_global_hook_forward_order_and_arguments(x):
    hook = Log()
    with hook as entered:
        assert entered is hook
        assert function_node._hooked is True
        assert kusari.get_function_hooks() == {'Log': hook}
        F.exp(x)
    assert function_node._hooked is False
    assert _events(hook.log) == [('Log', 'added'), ('Log', 'fpre', 'exp'),
                                 ('Log', 'fpost', 'exp'), ('Log', 'deleted')]
    assert hook.log[0][2] is None and hook.log[-1][2] is None
    (in_data,) = hook.log[1][3]
    assert in_data is x.array          # the input arrays themselves, not copies


def test_forward_preprocess_runs_before_forward_and_postprocess_after():
    seen = []

    class Probe(kusari.FunctionNode):
        def forward(self, inputs):
            seen.append('forward')
            return inputs[0] * 2,

    class H(kusari.FunctionHook):
        name = 'H'

        def forward_preprocess(self, function, in_data):
            seen.append('pre')

        def forward_postprocess(self, function, in_data):
            seen.append('post')

    with H():
        Probe().apply((numpy.ones(2, numpy.float32),))
    assert seen == ['pre', 'forward', 'post']


def test_global_hook_backward_arguments(x):
    y = F.exp(x)
    gy = numpy.full((2, 3), 0.5, numpy.float32)
    y.grad = gy
    hook = Log()
    with hook:
        y.backward()
    events = _events(hook.log)
    # the backward of Exp is bracketed by its hooks; the functions its backward applies
    # (written with F.*) call the forward hooks in between
    assert events[1] == ('Log', 'bpre', 'exp')
    assert events[-2] == ('Log', 'bpost', 'exp')
    assert all(e[1] in ('fpre', 'fpost') for e in events[2:-2]) and len(events) > 4
    _, _, _, in_data, out_grad = hook.log[1]
    assert in_data == (None,)          # Exp keeps its output, not its input
    assert len(out_grad) == 1 and out_grad[0] is gy
    assert hook.log[-2][3:] == hook.log[1][3:]


def test_backward_in_data_holds_the_retained_inputs(x):
    w = kusari.Variable(numpy.full((2, 3), 2.0, numpy.float32))
    y = x * w          # Mul retains both inputs
    hook = Log()
    with hook:
        y.grad = numpy.ones((2, 3), numpy.float32)
        y.backward()
    bpre = [e for e in hook.log if e[1] == 'bpre']
    assert [e[2] for e in bpre] == ['_ * _']       # Chainer's label of Mul
    numpy.testing.assert_array_equal(bpre[0][3][0], x.array)
    numpy.testing.assert_array_equal(bpre[0][3][1], w.array)


def test_grad_calls_backward_hooks(x):
    y = F.sum(F.exp(x))
    hook = Log()
    with hook:
        kusari.grad([y], [x])
    labels = [e[2] for e in hook.log if e[1] == 'bpre']
    assert labels == ['Sum', 'exp']


def test_local_hook_is_called_for_its_node_only(x):
    f = exponential.Exp()
    hook = Log()
    f.add_hook(hook)
    assert hook.log == [('Log', 'added', f)]
    assert f.local_function_hooks == {'Log': hook}
    y, = f.apply((x,))
    F.exp(x)                                   # another node: not hooked
    y.grad = numpy.ones((2, 3), numpy.float32)
    y.backward()
    assert _events(hook.log)[1:] == [('Log', 'fpre', 'exp'), ('Log', 'fpost', 'exp'),
                                     ('Log', 'bpre', 'exp'), ('Log', 'bpost', 'exp')]
    f.delete_hook('Log')
    assert hook.log[-1] == ('Log', 'deleted', f)
    assert f.local_function_hooks == {}


def test_global_hooks_come_before_local_ones_and_a_local_name_replaces_in_place(x):
    log = []
    f = exponential.Exp()
    f.add_hook(Log('B', log))
    f.add_hook(Log('A', log), name='A2')
    with Log('A', log), Log('C', log):
        f.apply((x,))
    calls = [e[0] for e in log if e[1] == 'fpre']
    assert calls == ['A', 'C', 'B', 'A']
    # a local hook under the name of a global one takes its place in the order
    g = exponential.Exp()
    log.clear()
    g.add_hook(Log('X', log), name='C')
    with Log('A', log), Log('C', log):
        g.apply((x,))
    assert [e[0] for e in log if e[1] == 'fpre'] == ['A', 'X']


def test_add_hook_errors():
    f = exponential.Exp()
    with pytest.raises(TypeError, match='Exp.add_hook: the hook must be a FunctionHook, '
                       'not str'):
        f.add_hook('hook')
    f.add_hook(Log())
    with pytest.raises(KeyError, match="Exp.add_hook: a hook named 'Log' exists already"):
        f.add_hook(Log())
    with pytest.raises(KeyError, match="Exp.delete_hook: no hook named 'nope' on this node"):
        f.delete_hook('nope')


def test_same_global_name_twice_raises():
    with Log():
        with pytest.raises(KeyError, match='hook Log already exists'):
            with Log():
                pass
    assert kusari.get_function_hooks() == {}


def test_exception_inside_with_removes_the_hook(x):
    hook = Log()
    with pytest.raises(ZeroDivisionError):
        with hook:
            1 / 0
    assert kusari.get_function_hooks() == {}
    assert function_node._hooked is False
    assert _events(hook.log) == [('Log', 'added'), ('Log', 'deleted')]


def test_flag_follows_hand_edits_of_the_table():
    table = kusari.get_function_hooks()
    table['h'] = Log()
    assert function_node._hooked is True
    table.pop('h')
    assert function_node._hooked is False
    table.update(h=Log())
    assert function_node._hooked is True
    table.clear()
    assert function_node._hooked is False


def test_flag_goes_down_when_a_hooked_node_is_collected(x):
    f = exponential.Exp()
    f.add_hook(kusari.FunctionHook())
    assert function_node._hooked is True
    del f
    gc.collect()
    assert function_node._hooked is False


def test_global_hooks_are_per_thread(x):
    hook = Log()
    other = []

    def work():
        other.append(kusari.get_function_hooks() == {})
        F.exp(x)

    with hook:
        t = threading.Thread(target=work)
        t.start()
        t.join()
    assert other == [True]
    assert [e for e in hook.log if e[1] == 'fpre'] == []


def test_legacy_function_hooks_persist_across_calls(x):
    class Twice(kusari.Function):
        def forward(self, inputs):
            self.retain_inputs((0,))
            return inputs[0] * 2,

        def backward(self, inputs, grads):
            assert inputs[1] is None          # not retained
            return grads[0] * 2, None

    f = Twice()
    hook = Log()
    f.add_hook(hook)
    assert f.local_function_hooks == {'Log': hook}
    x2 = kusari.Variable(x.array.copy())
    y = f(x, x2)
    f(x, x2)
    assert [e[1] for e in hook.log].count('fpre') == 2
    y.grad = numpy.ones((2, 3), numpy.float32)
    y.backward()
    bpre = [e for e in hook.log if e[1] == 'bpre']
    assert len(bpre) == 1 and bpre[0][2] == 'Twice'
    assert bpre[0][3][0] is not None and bpre[0][3][1] is None
    numpy.testing.assert_array_equal(x.grad, numpy.full((2, 3), 2, numpy.float32))
    f.delete_hook('Log')
    assert f.local_function_hooks == {}


def test_impl_name():
    f = exponential.Exp()
    assert f._impl_name == 'Exp'

    class Legacy(kusari.Function):
        label = 'custom label'

    assert Legacy().node._impl_name == 'Legacy'


def test_hooks_see_double_backprop(x):
    y = F.sum(F.exp(x))
    gx, = kusari.grad([y], [x], enable_double_backprop=True)
    hook = Log()
    with hook:
        F.sum(gx).backward()
    labels = [e[2] for e in hook.log if e[1] == 'bpre']
    assert 'exp' in labels
    numpy.testing.assert_allclose(x.grad, numpy.exp(x.array), rtol=1e-6)
