"""static_graph / static_code: accepted, run define-by-run, with Chainer's bookkeeping."""
import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import gradient_check
from kusari.graph_optimizations.static_graph import ScheduleManager, static_graph
from kusari.graph_optimizations.static_graph_utilities import static_code


class MLP(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(3, 4)
            self.l2 = L.Linear(4, 2)
        self.side_effects = 0

    @static_code
    def count(self):
        self.side_effects += 1

    def plain(self, x):
        return self.l2(F.tanh(self.l1(x)))

    @static_graph
    def __call__(self, x):
        self.count()
        return self.plain(x)


class Verbose(MLP):
    @static_graph(verbosity_level=2, minimize_cache_size=False)
    def __call__(self, x):
        return self.plain(x)


class Outer(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.inner = MLP()

    @static_graph
    def __call__(self, x):
        return self.inner(x)


def _x(n=2):
    return numpy.random.uniform(-1, 1, (n, 3)).astype(numpy.float32)


def test_results_and_side_effects_are_define_by_run():
    model = MLP()
    x = _x()
    for i in range(3):
        numpy.testing.assert_array_equal(model(x).array, model.plain(x).array)
    assert model.side_effects == 3       # static_code runs every call (define-by-run)


def test_bookkeeping_per_signature_and_mode(capsys):
    model = Verbose()
    assert not hasattr(model, 'schedule_manager')
    model(_x(2))
    first = model.static_schedule
    assert isinstance(model.schedule_manager, ScheduleManager)
    assert first.function_labels == ['LinearFunction', 'Tanh', 'LinearFunction']
    model(_x(2))
    assert model.static_schedule is first and first.call_count == 2
    model(_x(5))                        # a new input shape: a new schedule
    assert model.static_schedule is not first
    with kusari.using_config('train', False):
        model(_x(2))
    assert len(model.schedule_manager.schedules) == 3
    out = capsys.readouterr().out
    assert 'new schedule for train=True' in out and 'static_graph: calling Verbose' in out
    assert 'functions=3' in repr(model.schedule_manager)
    model.schedule_manager.end_forward()


def test_use_static_graph_false_means_no_bookkeeping():
    model = MLP()
    with kusari.using_config('use_static_graph', False):
        model(_x())
    assert not hasattr(model, 'schedule_manager') and not hasattr(model, 'static_schedule')


def test_force_test_define_by_run():
    class M(MLP):
        @static_graph(force_test_define_by_run=True)
        def __call__(self, x):
            return self.plain(x)

    model = M()
    with kusari.using_config('train', False):
        model(_x())
    assert not hasattr(model, 'schedule_manager')
    model(_x())
    assert hasattr(model, 'schedule_manager')


def test_nesting_is_an_error():
    with pytest.raises(RuntimeError, match='static chains cannot be nested: MLP is called '
                       'inside another static chain'):
        Outer()(_x())
    assert kusari.config.schedule_func is None


def test_gradients_of_every_order_flow():
    model = MLP()
    for p in model.params():
        p.array = p.array.astype(numpy.float64)
    model.cleargrads()          # the float32 NaN gradients of initialization would not add up
    x = numpy.random.uniform(-1, 1, (2, 3))
    gy = numpy.random.uniform(-1, 1, (2, 2))
    gradient_check.check_backward(model, x, gy, params=(model.l1.W, model.l2.b), eps=1e-6,
                                  atol=1e-7, rtol=1e-6)
    gradient_check.check_double_backward(model, x, gy, numpy.random.uniform(-1, 1, (2, 3)),
                                         eps=1e-6, atol=1e-7, rtol=1e-6)


def test_decorator_errors():
    with pytest.raises(TypeError, match=r"unexpected keyword arguments: \['speed'\]"):
        static_graph(speed=2)
    with pytest.raises(TypeError, match=r"unexpected keyword arguments: \['name'\]"):
        static_code(name='x')
    with pytest.raises(TypeError, match='takes a method, or only keyword arguments'):
        static_graph(3)


def test_static_code_with_name_and_keywords():
    @static_code(func_name='adder')
    def add(a, inputs=None, outputs=None):
        return a + sum(inputs)

    assert add(1, inputs=[2, 3]) == 6 and add.static_code_name == 'adder'
    assert kusari.static_graph is static_graph and kusari.static_code is static_code
