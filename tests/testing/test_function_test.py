"""kusari's spec runner (FunctionSpecTestCase): what FunctionTestCase + ``params`` gives."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing


class Scaled(kusari.FunctionNode):
    def __init__(self, factor):
        self.factor = factor

    def forward(self, inputs):
        self.retain_inputs((0,))
        return inputs[0] * inputs[0],

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return self.factor * x * grad_outputs[0],


class TestSpecSquare(testing.FunctionTestCase):
    """Collected by pytest through the hooks of tests/conftest.py."""

    params = [{'shape': (3, 2), 'factor': 2.0}, {'shape': (), 'factor': 2.0}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return Scaled(self.factor).apply(inputs)

    def forward_expected(self, inputs):
        return inputs[0] ** 2,


def test_the_spec_class_is_what_params_selects():
    assert issubclass(TestSpecSquare, testing.FunctionSpecTestCase)
    from kusari.testing import function_test
    assert function_test.FunctionTestCase is testing.FunctionSpecTestCase


def _spec(**attrs):
    return type('Spec', (TestSpecSquare,), attrs)()


def test_a_wrong_backward_is_a_function_test_error():
    spec = _spec()
    with pytest.raises(testing.FunctionTestError, match='backward is not implemented'):
        type(spec).forward = lambda self, inputs, device: Scaled(2.5).apply(inputs)
        spec.test_backward({'shape': (2,), 'factor': 2.0}, 'numpy')


def test_a_wrong_forward_and_a_wrong_dtype():
    spec = _spec(forward_expected=lambda self, inputs: (inputs[0] ** 2 + 1,))
    with pytest.raises(testing.FunctionTestError, match='Outputs do not match'):
        spec.test_forward({'shape': (2,), 'factor': 2.0}, numpy.dtype(numpy.float32), 'numpy')
    spec = _spec(forward=lambda self, inputs, device: (F.cast(inputs[0] ** 2, 'f'),))
    with pytest.raises(testing.FunctionTestError, match='output dtype float32 != float64'):
        spec.test_forward({'shape': (2,), 'factor': 2.0}, numpy.dtype(numpy.float64), 'numpy')


def test_a_modified_input_is_reported():
    def forward(self, inputs, device):
        inputs[0].array[...] = 0
        return F.identity(inputs[0]),

    spec = _spec(forward=forward, forward_expected=lambda self, inputs: (inputs[0],))
    with pytest.raises(testing.FunctionTestError, match='modified during forward'):
        spec.test_forward({'shape': (2,), 'factor': 2.0}, numpy.dtype(numpy.float64), 'numpy')


def test_order3_uses_the_shared_first_order_function():
    spec = _spec(check_order3=True)
    spec.test_order3({'shape': (2,), 'factor': 2.0}, 'numpy')


class TestSpecConstantOperand(testing.FunctionTestCase):
    """Third order with an input that is not differentiated (used as a raw array)."""

    params = [{'shape': (3,)}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape), self.uniform(0.5, 1, self.shape)

    def forward(self, inputs, device):
        x, a = inputs
        return x * x * x * a.array,

    def forward_expected(self, inputs):
        x, a = inputs
        return x ** 3 * a,

    def _grad_indexes(self, inputs):
        return [0]
