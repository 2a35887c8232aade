"""Chainer's FunctionTestCase / LinkTestCase contract, and the dispatch to the spec runner."""
import unittest

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import initializers, testing

SCRATCH = 'kusari_testing_scratch'
CPU = [{}]


def _results(bundle):
    """Run the test methods of the classes with a backend; ``{method: outcome}``."""
    out = {}
    for klass in bundle.classes():
        if '_use_chainerx_' not in klass.__name__:
            continue          # the class of the methods that were not injected
        for name in unittest.TestLoader().getTestCaseNames(klass):
            result = unittest.TestResult()
            klass(name).run(result)
            if result.failures or result.errors:
                out[name] = (result.failures + result.errors)[0][1]
            elif result.skipped:
                out[name] = 'skipped'
            else:
                out[name] = 'passed'
    return out


class Square(kusari.FunctionNode):
    """y = x * x, with a backward that can be made wrong."""

    def __init__(self, wrong_backward=False, wrong_double=False):
        self.wrong_backward = wrong_backward
        self.wrong_double = wrong_double

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return x * x,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        if self.wrong_backward:
            return 3 * x * gy,
        if self.wrong_double:
            # Right value, wrong derivative: x is taken as a constant.
            return 2 * x.array * gy,
        return 2 * x * gy,


def _square_case(**node_options):
    class T(testing.FunctionTestCase):
        __module__ = SCRATCH

        def setUp(self):
            self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
            self.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}

        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32),

        def forward(self, inputs, device):
            return Square(**node_options).apply(inputs)

        def forward_expected(self, inputs):
            x, = inputs
            return x * x,

    return T


def test_a_correct_function_passes(scratch):
    bundle = testing.inject_backend_tests(None, CPU)(_square_case())
    assert _results(bundle) == {'test_forward': 'passed', 'test_backward': 'passed',
                                'test_double_backward': 'passed'}


def test_wrong_derivatives_raise_function_test_error(scratch):
    wrong = _results(testing.inject_backend_tests(None, CPU)(
        _square_case(wrong_backward=True)))
    assert wrong['test_forward'] == 'passed'
    assert 'FunctionTestError: backward is not implemented correctly' in wrong['test_backward']
    wrong2 = _results(testing.inject_backend_tests(None, CPU)(
        _square_case(wrong_double=True)))
    assert wrong2['test_backward'] == 'passed'
    assert 'double backward is not implemented correctly' in wrong2['test_double_backward']


def test_a_wrong_forward_and_a_modified_input(scratch):
    class T(_square_case()):
        __module__ = SCRATCH

        def forward_expected(self, inputs):
            x, = inputs
            return x * x + 1,

    outcome = _results(testing.inject_backend_tests(['test_forward'], CPU)(T))
    assert 'Outputs do not match the expected values' in outcome['test_forward']

    class Mutating(_square_case()):
        __module__ = SCRATCH

        def forward(self, inputs, device):
            x, = inputs
            x.array[...] = 0
            return F.identity(x),

    outcome = _results(testing.inject_backend_tests(['test_forward'], CPU)(Mutating))
    assert 'Input arrays have been modified during forward' in outcome['test_forward']


def test_dtype_and_type_contracts(scratch):
    class WrongDtype(_square_case()):
        __module__ = SCRATCH

        def forward_expected(self, inputs):
            x, = inputs
            return (x * x).astype(numpy.float64),

    outcome = _results(testing.inject_backend_tests(['test_forward'], CPU)(WrongDtype))
    assert 'Shapes and/or dtypes do not match' in outcome['test_forward']

    class NotTuple(_square_case()):
        __module__ = SCRATCH

        def forward(self, inputs, device):
            return Square().apply(inputs)[0]

    outcome = _results(testing.inject_backend_tests(['test_forward'], CPU)(NotTuple))
    assert 'forward() must return a tuple' in outcome['test_forward']

    class ScalarExpected(_square_case()):
        __module__ = SCRATCH

        def forward_expected(self, inputs):
            return numpy.float32(1),

    outcome = _results(testing.inject_backend_tests(['test_forward'], CPU)(ScalarExpected))
    assert 'TypeError: forward_expected() must return a tuple of arrays' in \
        outcome['test_forward']


def test_skips_and_before_test(scratch):
    class T(_square_case()):
        __module__ = SCRATCH
        skip_backward_test = True

        def before_test(self, test_name):
            if test_name == 'test_double_backward':
                raise unittest.SkipTest('not this one')

    outcome = _results(testing.inject_backend_tests(None, CPU)(T))
    assert outcome == {'test_forward': 'passed', 'test_backward': 'skipped',
                       'test_double_backward': 'skipped'}


def test_dodge_nondifferentiable_resamples(scratch):
    draws = []

    class Relu(testing.FunctionTestCase):
        __module__ = SCRATCH
        dodge_nondifferentiable = True
        skip_double_backward_test = True

        def generate_inputs(self):
            # The first sample sits on relu's kink; the next one does not.
            x = numpy.array([0.0 if not draws else 0.5], numpy.float64)
            draws.append(x)
            return x,

        def forward(self, inputs, device):
            return F.relu(*inputs),

        def forward_expected(self, inputs):
            return numpy.maximum(inputs[0], 0),

    outcome = _results(testing.inject_backend_tests(['test_backward'], CPU)(Relu))
    assert outcome == {'test_backward': 'passed'}
    assert len(draws) == 2


def test_noncontiguous_inputs_by_default(scratch):
    seen = []

    class T(_square_case()):
        __module__ = SCRATCH

        def forward(self, inputs, device):
            seen.append(inputs[0].array.flags.c_contiguous)
            return Square().apply(inputs)

    _results(testing.inject_backend_tests(['test_forward'], CPU)(T))
    T.contiguous = 'C'
    _results(testing.inject_backend_tests(['test_forward'], CPU)(T))
    assert seen == [False, True]


def test_none_gradients_are_passed_through(scratch):
    class Two(testing.FunctionTestCase):
        __module__ = SCRATCH

        def generate_inputs(self):
            return (numpy.random.uniform(-1, 1, (2,)), numpy.random.uniform(-1, 1, (2,)))

        def generate_grad_outputs(self, templates):
            return None, numpy.random.uniform(-1, 1, templates[1].shape)

        def generate_grad_grad_inputs(self, templates):
            return numpy.random.uniform(-1, 1, templates[0].shape), None

        def forward(self, inputs, device):
            a, b = inputs
            return a * b, a * a * b

        def forward_expected(self, inputs):
            a, b = inputs
            return a * b, a * a * b

    assert set(_results(testing.inject_backend_tests(None, CPU)(Two)).values()) == {'passed'}


def test_without_injection_the_error_says_what_to_do():
    class T(testing.FunctionTestCase):
        def runTest(self):
            pass

    with pytest.raises(TypeError, match='needs @testing.inject_backend_tests'):
        T().test_forward()


def test_a_subclass_declaring_params_is_a_spec_test():
    class TestSpec(testing.FunctionTestCase):
        params = [{'n': 1}]

    assert issubclass(TestSpec, testing.FunctionSpecTestCase)
    assert not issubclass(TestSpec, unittest.TestCase)
    assert issubclass(TestSpec, testing.FunctionTestCase)
    assert isinstance(TestSpec(), testing.FunctionTestCase)
    assert issubclass(testing.FunctionTestCase, unittest.TestCase)
    assert not issubclass(int, testing.FunctionTestCase)


def test_parameterize_may_set_params_on_a_chainer_style_class(scratch):
    @testing.parameterize({'params': 'data'})
    class T(_square_case()):
        __module__ = SCRATCH

    klass, = T.classes()
    assert issubclass(klass, unittest.TestCase) and klass.params == 'data'


# -- links

class Scale(kusari.Link):
    def __init__(self, n, initial=None, wrong=False):
        super().__init__()
        self.wrong = wrong
        with self.init_scope():
            self.w = kusari.Parameter(
                initializers.Constant(1) if initial is None else initial, shape=(n,))

    def forward(self, x):
        y = x * F.broadcast_to(self.w, x.shape)
        return y * 2 if self.wrong else y


class ScaleBase:
    __module__ = SCRATCH
    param_names = ('w',)
    wrong = False

    def generate_params(self):
        return numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32),

    def create_link(self, initializers):
        return Scale(3, *initializers, wrong=self.wrong)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32),

    def forward_expected(self, link, inputs):
        x, = inputs
        return x * link.w.array,

    def get_initializers(self):
        return ([initializers.Constant(2), 3,
                 testing.InitializerArgument(None, initializers.Constant(1))],)


def test_link_test_case(scratch):
    class T(ScaleBase, testing.LinkTestCase):
        pass

    assert _results(testing.inject_backend_tests(None, CPU)(T)) == {
        'test_forward': 'passed', 'test_backward': 'passed'}

    class Wrong(ScaleBase, testing.LinkTestCase):
        wrong = True

    outcome = _results(testing.inject_backend_tests(None, CPU)(Wrong))
    assert 'LinkTestError' in outcome['test_forward']
    assert outcome['test_backward'] == 'passed'      # forward and backward agree


def test_link_initializers_test_case(scratch):
    class T(ScaleBase, testing.LinkInitializersTestCase):
        pass

    assert _results(testing.inject_backend_tests(None, CPU)(T)) == {
        'test_initializers': 'passed'}

    class Ignoring(ScaleBase, testing.LinkInitializersTestCase):
        def create_link(self, initializers):
            return Scale(3, 0.0)          # ignores the initializer under test

    outcome = _results(testing.inject_backend_tests(None, CPU)(Ignoring))
    assert 'LinkTestError' in outcome['test_initializers']


def test_initializer_argument_checks():
    with pytest.raises(ValueError, match='cannot be None'):
        testing.InitializerArgument(None, None)
    with pytest.raises(TypeError, match='Initializer is of wrong type'):
        testing.InitializerArgument(None, object())
    with pytest.raises(TypeError, match='Initializer is of wrong type'):
        initializers._check_is_initializer_like(kusari.Variable(numpy.ones(1)))


# Real use: collected and run by pytest.
@testing.parameterize(*testing.product({'shape': [(3, 2), ()], 'dtype': [numpy.float32,
                                                                         numpy.float64]}))
@testing.fix_random()
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestCollectedTanh(testing.FunctionTestCase):

    def setUp(self):
        self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
        self.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.tanh(*inputs),

    def forward_expected(self, inputs):
        return kusari.utils.force_array(numpy.tanh(*inputs)),
