"""Variable arithmetic: + - * / ** @, neg, abs; constant, reflected and broadcast forms."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Variable, testing
from kusari.functions.math import basic_math
from kusari.utils.type_check import InvalidType

_BINARY_SHAPES = [
    {'shapes': ((3, 2), (3, 2))},
    {'shapes': ((3, 1), (2,))},       # both sides broadcast
    {'shapes': ((), (2, 3))},         # 0-d with n-d
    {'shapes': ((), ())},
]


class _Binary(testing.FunctionTestCase):
    params = _BINARY_SHAPES
    low, high = -1.0, 1.0

    def generate_inputs(self):
        a, b = self.shapes
        return self.uniform(self.low, self.high, a), self.second(b)

    def second(self, shape):
        return self.uniform(self.low, self.high, shape)


class TestAdd(_Binary):
    def forward(self, inputs, device):
        a, b = inputs
        return a + b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a + b,


class TestSub(_Binary):
    def forward(self, inputs, device):
        a, b = inputs
        return a - b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a - b,


class TestMul(_Binary):
    check_order3 = True

    def forward(self, inputs, device):
        a, b = inputs
        return a * b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a * b,


class TestMulSelf(testing.FunctionTestCase):
    # x * x: its backward takes the shortcut (gy * x) * 2, to every order
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1.0, 1.0, self.shape),

    def forward(self, inputs, device):
        a, = inputs
        return a * a,

    def forward_expected(self, inputs):
        a, = inputs
        return a * a,


def test_mul_self_and_mul_of_equal_arrays_have_one_gradient():
    x = numpy.array([1.5, -2.0, 3.0])
    gy = numpy.array([1.0, 0.5, -2.0])
    a = Variable(x.copy())
    y = a * a
    y.grad = gy
    y.backward()
    b, c = Variable(x.copy()), Variable(x.copy())
    z = b * c
    z.grad = gy
    z.backward()
    numpy.testing.assert_array_equal(a.grad, 2 * gy * x)
    numpy.testing.assert_array_equal(a.grad, b.grad + c.grad)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('split', [False, True])
def test_mul_self_gradient_without_a_graph_is_the_product_doubled(dtype, split, monkeypatch):
    # with no graph to record, x * x's backward doubles gy * x in place (no second node):
    # the same bits as (gy * x) * 2, also split over threads, and also for the stride-0
    # gradient that F.sum's backward hands down
    if split:
        kusari.utils.set_num_threads(2)
        monkeypatch.setattr(basic_math._threads, 'UFUNC_SPLIT_MIN', 100)
    try:
        rng = numpy.random.default_rng(3)
        x = rng.standard_normal((40, 30)).astype(dtype)
        gy = rng.standard_normal((40, 30)).astype(dtype)
        a = Variable(x)
        gx, = kusari.grad([a * a], [a], [gy])
        assert gx.dtype == dtype and gx.creator is None
        numpy.testing.assert_array_equal(gx.array, (gy * x) * dtype(2))
        gx, = kusari.grad([F.sum(a * a)], [a])
        numpy.testing.assert_array_equal(gx.array, x * dtype(2))
        # with double backprop the gradient is a node again, of the same value
        gx, = kusari.grad([a * a], [a], [gy], enable_double_backprop=True)
        assert gx.creator is not None
        numpy.testing.assert_array_equal(gx.array, (gy * x) * dtype(2))
    finally:
        kusari.utils.set_num_threads(None)


class TestDiv(_Binary):
    check_order3 = True

    def second(self, shape):
        # denominators away from zero, both signs
        return self.uniform(0.5, 2.0, shape) * self.rng.choice([-1.0, 1.0], shape)

    def forward(self, inputs, device):
        a, b = inputs
        return a / b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a / b,


class TestPowVarVar(_Binary):
    check_order3 = True
    low, high = 0.5, 2.0    # positive bases

    def second(self, shape):
        return self.uniform(-1.0, 2.0, shape)

    def forward(self, inputs, device):
        a, b = inputs
        return a ** b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a ** b,


class TestNeg(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return -inputs[0],

    def forward_expected(self, inputs):
        return -inputs[0],


class TestAbsolute(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'f': 'abs'}, {'shape': (), 'f': 'abs'},
              {'shape': (4,), 'f': 'F.absolute'}]

    def generate_inputs(self):
        # keep away from the kink at 0, where the numerical derivative is meaningless
        x = self.uniform(0.2, 1.0, self.shape) * self.rng.choice([-1.0, 1.0], self.shape)
        return x,

    def forward(self, inputs, device):
        x, = inputs
        return abs(x) if self.f == 'abs' else F.absolute(x),

    def forward_expected(self, inputs):
        return numpy.abs(inputs[0]),


def test_absolute_gradient_at_zero_is_zero():
    x = Variable(numpy.array([0.0, -2.0, 3.0]))
    F.sum(abs(x)).backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, -1.0, 1.0])


# -- constant and reflected forms ------------------------------------------------------------

_CONST_OPS = {
    'x+2': (lambda x: x + 2, lambda x: x + 2),
    '2+x': (lambda x: 2 + x, lambda x: 2 + x),
    'x+np': (lambda x: x + numpy.float64(1.5), lambda x: x + 1.5),
    'x-2': (lambda x: x - 2, lambda x: x - 2),
    '2-x': (lambda x: 2 - x, lambda x: 2 - x),
    'x*3': (lambda x: x * 3, lambda x: x * 3),
    '3*x': (lambda x: 3 * x, lambda x: 3 * x),
    'np*x': (lambda x: numpy.float32(0.5) * x, lambda x: 0.5 * x),
    'x/2': (lambda x: x / 2, lambda x: x / 2),
    '2/x': (lambda x: 2 / x, lambda x: 2 / x),
    'x**2': (lambda x: x ** 2, lambda x: x ** 2),
    'x**3': (lambda x: x ** 3, lambda x: x ** 3),
    'x**0.5': (lambda x: x ** 0.5, numpy.sqrt),
    'x**-1': (lambda x: x ** -1, lambda x: 1 / x),
    'x**1': (lambda x: x ** 1, lambda x: x),
    'x**0': (lambda x: x ** 0, lambda x: numpy.ones_like(x)),
    '2**x': (lambda x: 2 ** x, lambda x: 2 ** x),
    'e**x': (lambda x: 2.5 ** x, lambda x: 2.5 ** x),
}


class TestConstantForms(testing.FunctionTestCase):
    params = testing.product({'op': sorted(_CONST_OPS), 'shape': [(2, 3)]}) + [
        {'op': op, 'shape': ()} for op in ('2-x', '2/x', 'x**2', '2**x')]

    def generate_inputs(self):
        return self.uniform(0.5, 2.0, self.shape),

    def forward(self, inputs, device):
        y = _CONST_OPS[self.op][0](inputs[0])
        assert isinstance(y, Variable)
        return y,

    def forward_expected(self, inputs):
        return numpy.asarray(_CONST_OPS[self.op][1](inputs[0])),


_ARRAY_OPS = {
    'x+a': (lambda x, a: x + a, lambda x, a: x + a),
    'a+x': (lambda x, a: a + x, lambda x, a: a + x),
    'a-x': (lambda x, a: a - x, lambda x, a: a - x),
    'a*x': (lambda x, a: a * x, lambda x, a: a * x),
    'a/x': (lambda x, a: a / x, lambda x, a: a / x),
    'x/a': (lambda x, a: x / a, lambda x, a: x / a),
    'a**x': (lambda x, a: a ** x, lambda x, a: a ** x),
    'x**a': (lambda x, a: x ** a, lambda x, a: x ** a),
    'a@x': (lambda x, a: a.reshape(3, 2) @ x, lambda x, a: a.reshape(3, 2) @ x),
}


class TestArrayOperands(testing.FunctionTestCase):
    """An ndarray on either side is a constant (no gradient), broadcast like a Variable."""

    params = [{'op': op} for op in sorted(_ARRAY_OPS)]

    def generate_inputs(self):
        x = self.uniform(0.5, 2.0, (2, 3))
        a = self.uniform(0.5, 2.0, (3,) if self.op != 'a@x' else (6,))
        return x, a

    def forward(self, inputs, device):
        x, a = inputs
        y = _ARRAY_OPS[self.op][0](x, a.array)   # a as a raw array
        assert isinstance(y, Variable)
        return y,

    def forward_expected(self, inputs):
        return _ARRAY_OPS[self.op][0](*inputs),

    def _grad_indexes(self, inputs):
        return [0]


def test_array_operand_gets_no_gradient_and_keeps_its_type():
    a = numpy.array([1.0, 2.0])
    x = Variable(numpy.array([3.0, 4.0]))
    y = a * x
    assert isinstance(y, Variable)
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad, a)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32])
def test_python_and_numpy_scalar_constants_keep_the_dtype(dtype):
    x = Variable(numpy.ones(3, dtype))
    for y in (x + 1, 1.5 - x, x * numpy.float64(2), numpy.float64(2) / x, x ** 2.0,
              numpy.float64(3) ** x, x - numpy.int64(1), x / 3, x ** numpy.float64(0.5)):
        assert y.dtype == dtype


@pytest.mark.filterwarnings('ignore:divide by zero:RuntimeWarning')
@pytest.mark.filterwarnings('ignore:invalid value:RuntimeWarning')
@pytest.mark.parametrize('zero', [numpy.float32(0), numpy.float64(0), numpy.int64(0)])
def test_division_by_a_numpy_zero_gives_inf_as_in_chainer(zero):
    # Chainer 7.8.1 multiplies by 1 / c: NumPy's division gives inf (0 * inf is nan)
    x = Variable(numpy.array([2.0, 0.0, -1.0], numpy.float32))
    y = x / zero
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y.array, [numpy.inf, numpy.nan, -numpy.inf])
    F.sum(y).backward()
    numpy.testing.assert_array_equal(x.grad, [numpy.inf] * 3)


@pytest.mark.parametrize('zero', [0, 0.0])
def test_division_by_a_python_zero_raises_as_in_chainer(zero):
    with pytest.raises(ZeroDivisionError):
        Variable(numpy.ones(2, numpy.float32)) / zero


def test_division_by_a_numpy_scalar_keeps_its_precision():
    # 1 / c in float64 (as Chainer), then cast to x's dtype once
    x = Variable(numpy.array([3.0]))
    numpy.testing.assert_array_equal((x / numpy.float32(3)).array, 3.0 * (1.0 / numpy.float32(3)))


def test_labels_are_chainers():
    x = Variable(numpy.ones(2))
    assert (x + 2).creator.label == '_ + 2'
    assert (2 - x).creator.label == '2 - _'
    assert (x - 2.5).creator.label == '_ + (-2.5)'
    assert (x * numpy.float32(2)).creator.label == '_ * 2.0'
    assert (2 / x).creator.label == '2 / _'
    assert (x ** 3).creator.label == '_ ** 3'
    assert (3 ** x).creator.label == '3 ** _'
    assert (x + x).creator.label == '_ + _' and (x - x).creator.label == '_ - _'
    assert (x * x).creator.label == '_ * _' and (x / x).creator.label == '_ / _'
    assert (x ** x).creator.label == '_ ** _'
    assert (-x).creator.label == '__neg__' and abs(x).creator.label == '|_|'
    assert basic_math._convert_value_to_string(numpy.ones(2)) == 'constant array'
    assert basic_math._convert_value_to_string(Variable(numpy.ones(2))) == 'constant array'
    with pytest.raises(ValueError, match='Value must be'):
        basic_math._convert_value_to_string('x')


# -- matmul ---------------------------------------------------------------------------------

class TestMatMul(testing.FunctionTestCase):
    check_order3 = True
    params = [
        {'a': (2, 3), 'b': (3, 4), 'ta': False, 'tb': False},
        {'a': (3, 2), 'b': (3, 4), 'ta': True, 'tb': False},
        {'a': (2, 3), 'b': (4, 3), 'ta': False, 'tb': True},
        {'a': (3, 2), 'b': (4, 3), 'ta': True, 'tb': True},
        {'a': (2, 2, 3), 'b': (2, 3, 4), 'ta': False, 'tb': False},     # batched
        {'a': (2, 1, 3, 2), 'b': (3, 4, 3), 'ta': True, 'tb': True},    # broadcast batch dims
        {'a': (2, 3), 'b': (2, 3, 4), 'ta': False, 'tb': False},        # 2-D against batch
        {'a': (3,), 'b': (3, 4), 'ta': False, 'tb': False},             # 1-D operands
        {'a': (2, 3), 'b': (3,), 'ta': False, 'tb': False},
        {'a': (3,), 'b': (3,), 'ta': False, 'tb': False},
        {'a': (3,), 'b': (2, 3, 4), 'ta': False, 'tb': False},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.a), self.uniform(-1, 1, self.b)

    def forward(self, inputs, device):
        a, b = inputs
        return F.matmul(a, b, transa=self.ta, transb=self.tb),

    def forward_expected(self, inputs):
        a, b = inputs
        if self.ta:
            a = a.swapaxes(-1, -2)
        if self.tb:
            b = b.swapaxes(-1, -2)
        return numpy.asarray(numpy.matmul(a, b)),


class TestMatMulOperator(testing.FunctionTestCase):
    params = [{'a': (2, 3), 'b': (3, 4)}, {'a': (3,), 'b': (2, 3, 1)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.a), self.uniform(-1, 1, self.b)

    def forward(self, inputs, device):
        a, b = inputs
        return a @ b,

    def forward_expected(self, inputs):
        a, b = inputs
        return a @ b,


# -- errors ---------------------------------------------------------------------------------

_BINARY_OPS = [
    (r'_ \+ _', lambda a, b: a + b), ('_ - _', lambda a, b: a - b),
    (r'_ \* _', lambda a, b: a * b), ('_ / _', lambda a, b: a / b),
    (r'_ \*\* _', lambda a, b: a ** b),
]


@pytest.mark.parametrize('label, op', _BINARY_OPS)
def test_binary_dtype_mismatch(label, op):
    a = Variable(numpy.ones((2, 3), numpy.float32))
    b = Variable(numpy.ones((2, 3), numpy.float64))
    with pytest.raises(InvalidType, match=r'(?s)in: {} \(Forward\).*lhs\.dtype == rhs\.dtype.*'
                                          r'Actual: float32 != float64'.format(label)):
        op(a, b)


_ALL_BINARY_OPS = [op for _, op in _BINARY_OPS] + [
    lambda a, b: b + a, lambda a, b: b - a, lambda a, b: b * a, lambda a, b: b / a,
    lambda a, b: b ** a, lambda a, b: F.add(a, b)]


@pytest.mark.parametrize('op', _ALL_BINARY_OPS)
@pytest.mark.parametrize('other_dtype', [numpy.float64, numpy.float16, numpy.int32])
def test_array_operand_is_cast_to_the_variable_dtype(op, other_dtype):
    # As in Chainer: Variable(float32) (op) float64/int array is float32 (Chainer's DCGAN
    # example adds a float64 numpy.random.randn array to a float32 Variable).
    a = Variable(numpy.array([0.5, 1.5, 2.0], numpy.float32))
    b = numpy.array([1, 2, 3]).astype(other_dtype)
    y = op(a, b)
    assert y.dtype == numpy.float32
    expected = op(Variable(a.array.astype(numpy.float64)),
                  b.astype(numpy.float32).astype(numpy.float64)).array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-6)
    gx, = kusari.grad([F.sum(y)], [a])
    assert gx.dtype == numpy.float32


def test_array_operand_of_matmul_is_cast_to_the_variable_dtype():
    a = Variable(numpy.arange(4, dtype=numpy.float32).reshape(2, 2))
    b = numpy.arange(4.).reshape(2, 2)
    assert (a @ b).dtype == numpy.float32
    assert (b @ a).dtype == numpy.float32
    numpy.testing.assert_allclose((b @ a).array, b @ a.array)


def test_a_variable_operand_is_not_cast():
    a = Variable(numpy.ones(3, numpy.float32))
    with pytest.raises(InvalidType, match='float16 != float32'):
        F.add(numpy.ones(3, numpy.float16), a)   # the first operand is not cast


@pytest.mark.parametrize('label, op', _BINARY_OPS)
def test_binary_shape_mismatch(label, op):
    a = Variable(numpy.ones((2, 3)))
    b = Variable(numpy.ones((4,)))
    match = (r'(?s)in: {} \(Forward\).*lhs\.shape and rhs\.shape can be broadcast.*'
             r'Actual: \(2, 3\) and \(4,\)').format(label)
    with pytest.raises(InvalidType, match=match):
        op(a, b)


def test_unsupported_operand_types():
    x = Variable(numpy.ones(2))
    for bad in ('a', [1.0, 2.0], None, object()):
        with pytest.raises(TypeError):
            x + bad
        with pytest.raises(TypeError):
            bad * x


@pytest.mark.parametrize('a, b, kwargs, match', [
    (numpy.ones((2, 3), numpy.float32), numpy.ones((3, 4), numpy.int64), {},
     r"(?s)MatMul.*b\.dtype\.kind == 'f'.*b\.dtype=int64"),
    (numpy.ones((2, 3), numpy.int32), numpy.ones((3, 4), numpy.int32), {},
     r"(?s)MatMul.*a\.dtype\.kind == 'f'.*a\.dtype=int32"),
    (numpy.ones((2, 3)), numpy.ones((4, 4)), {},
     r'(?s)MatMul.*a\.shape\[-1\] == b\.shape\[-2\].*3 != 4 \(a\.shape=\(2, 3\), '
     r'b\.shape=\(4, 4\)\)'),
    (numpy.ones((2, 3)), numpy.ones((2, 4)), {'transa': True, 'transb': True},
     r'(?s)MatMul.*a\.shape\[-2\] == b\.shape\[-1\].*2 != 4'),
    (numpy.ones((2, 2, 3)), numpy.ones((3, 3, 4)), {},
     r'(?s)MatMul.*batch dimensions of a and b can be broadcast.*a\.shape=\(2, 2, 3\), '
     r'b\.shape=\(3, 3, 4\)'),
    (numpy.ones(()), numpy.ones((3,)), {}, r'(?s)MatMul.*a\.ndim >= 1 and b\.ndim >= 1.*a\.ndim=0'),
    (numpy.ones((3,)), numpy.ones((4,)), {}, r'(?s)MatMul.*3 != 4'),
])
def test_matmul_errors(a, b, kwargs, match):
    with pytest.raises(InvalidType, match=match):
        F.matmul(Variable(a), Variable(b), **kwargs)


def test_matmul_operator_rejects_scalars():
    x = Variable(numpy.ones((2, 2)))
    with pytest.raises(TypeError):
        x @ 2.0


def test_install_variable_arithmetics_is_idempotent():
    basic_math.install_variable_arithmetics()
    x = Variable(numpy.array([2.0]))
    numpy.testing.assert_array_equal((x * x + 1).array, [5.0])


# -- add (n-ary) and // -------------------------------------------------------------------

class TestMultiAdd(testing.FunctionTestCase):
    params = [
        {'shapes': ((3, 2),) * 3},
        {'shapes': ((3, 2),) * 5},
        {'shapes': ((1, 3), (), (2, 1, 3), (2, 1, 1))},
        {'shapes': ((2,),)},
    ]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.add(*inputs),

    def forward_expected(self, inputs):
        return numpy.asarray(sum(inputs)),


def test_add_of_two_uses_the_binary_nodes():
    x = Variable(numpy.ones(2))
    assert F.add(x, x).creator.label == '_ + _'
    assert F.add(x, 2.0).creator.label == '_ + 2.0'
    numpy.testing.assert_array_equal(F.add(numpy.ones(2), numpy.ones(2)).array, [2.0, 2.0])


def test_add_of_one_returns_its_value():
    x = Variable(numpy.arange(3.0))
    y = F.add(x)
    numpy.testing.assert_array_equal(y.array, x.array)
    y.grad = numpy.ones(3)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.ones(3))


def test_add_errors():
    with pytest.raises(TypeError, match='at least one input'):
        F.add()
    a, b = numpy.ones(2), numpy.ones(2, numpy.float32)
    with pytest.raises(InvalidType, match=r'(?s)MultiAdd.*x0.dtype == x1.dtype == x2.dtype'):
        F.add(a, a, b)
    with pytest.raises(InvalidType, match=r'(?s)MultiAdd.*can be broadcast.*\(2,\), \(3,\)'):
        F.add(a, numpy.ones(3), a)


def test_floordiv_operators():
    x = Variable(numpy.array([3.0, -5.0, 7.5]))
    numpy.testing.assert_array_equal((x // 2).array, [1.0, -3.0, 3.0])
    numpy.testing.assert_array_equal((7 // x).array, [2.0, -2.0, 0.0])
    numpy.testing.assert_array_equal((x // x).array, [1.0, 1.0, 1.0])
    assert (x // 2).creator is None      # floor has no gradient
