"""Arithmetic on Variables: the operators +, -, *, /, **, @, unary -, abs().

Each backward is written with differentiable functions, so every order of derivative works.
Binary operations broadcast as NumPy does and require two Variables of equal dtypes (as in
Chainer 7.8.1); an array operand is cast to the Variable's dtype first, and a Python or NumPy
scalar operand is a constant of the variable's dtype (both as in Chainer).
"""
import numbers

import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import _threads, force_array, type_check
from kusari.variable import Variable


def _check_binary(label, a, b, names=('lhs', 'rhs')):
    """Raise InvalidType unless ``a`` and ``b`` share a dtype and broadcast together.

    ``label`` is the function's label, or the node itself (its label is read only on failure,
    which keeps the check cheap on the hot path).
    """
    if a.dtype != b.dtype:
        label = getattr(label, 'label', label)
        type_check.fail(label, '{}.dtype == {}.dtype'.format(*names),
                        '{} != {}'.format(a.dtype, b.dtype))
    if a.shape != b.shape:
        try:
            numpy.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            label = getattr(label, 'label', label)
            type_check.fail(label, '{}.shape and {}.shape can be broadcast'.format(*names),
                            '{} and {}'.format(a.shape, b.shape))


def _sum_to(gx, shape):
    if gx.shape == shape:
        return gx
    from kusari.functions.math.sum import sum_to
    return sum_to(gx, shape)


def _convert_value_to_string(value):
    """How a constant operand appears in a label: ``2.0``, ``(-2)`` or ``constant array``."""
    if isinstance(value, Variable):
        value = value.array
    if isinstance(value, (numbers.Real, numpy.number)):
        return '({})'.format(value) if value < 0 else str(value)
    if isinstance(value, numpy.ndarray) or backend._is_cupy_array(value):
        return 'constant array'
    raise ValueError('Value must be a Variable, a scalar or an array, got {}'.format(
        type(value)))


class _Binary(FunctionNode):
    _symbol = None

    @property
    def label(self):
        return '_ {} _'.format(self._symbol)

    def _check_data_type_forward(self, in_data):
        _check_binary(self, in_data[0], in_data[1])


class Add(_Binary):
    """``x0 + x1`` with broadcasting; each gradient is summed back to its input's shape."""

    _symbol = '+'

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return force_array(_threads.ufunc(numpy.add, x0, x1)),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple([_sum_to(gy, self._shapes[i]) for i in indexes])


class Sub(_Binary):
    """``x0 - x1`` with broadcasting."""

    _symbol = '-'

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return force_array(_threads.ufunc(numpy.subtract, x0, x1)),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple([_sum_to(gy if i == 0 else -gy, self._shapes[i]) for i in indexes])


class Mul(_Binary):
    """``x0 * x1`` with broadcasting."""

    _symbol = '*'

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return force_array(_threads.ufunc(numpy.multiply, x0, x1)),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        if indexes == (0, 1) and self.inputs[0] is self.inputs[1]:
            # x * x: the two gradients meet in x, gy * x + gy * x == (gy * x) * 2 exactly;
            # one product and a doubling instead of two products and their sum
            if config.enable_backprop or not _same_float_arrays(gy.array, x0.array):
                return (gy * x0) * 2, None
            # no graph to record: the doubling in place, no second node or array
            g = _threads.ufunc(numpy.multiply, gy.array, x0.array)
            return Variable._new(_threads.ufunc(numpy.add, g, g, out=g), True), None
        ret = []
        for i in indexes:
            x = x1 if i == 0 else x0
            ret.append(_sum_to(gy * x, (x0 if i == 0 else x1).shape))
        return tuple(ret)


class Div(_Binary):
    """``x0 / x1`` with broadcasting."""

    _symbol = '/'

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return force_array(_threads.ufunc(numpy.true_divide, x0, x1)),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        gx0 = gy / x1
        ret = []
        if 0 in indexes:
            ret.append(_sum_to(gx0, x0.shape))
        if 1 in indexes:
            ret.append(_sum_to(-gx0 * x0 / x1, x1.shape))
        return tuple(ret)


class Neg(FunctionNode):
    """``-x``."""

    @property
    def label(self):
        return '__neg__'

    def forward(self, inputs):
        return force_array(-inputs[0]),

    def backward(self, indexes, grad_outputs):
        return -grad_outputs[0],


class Absolute(FunctionNode):
    """``abs(x)``; the derivative at 0 is taken as 0."""

    @property
    def label(self):
        return '|_|'

    def forward(self, inputs):
        x, = inputs
        self._sign = backend.get_array_module(x).sign(x)
        return force_array(abs(x)),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._sign,


class _Constant(FunctionNode):
    _label = '{}'   # the label, with the constant's text in place of {}

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return self._label.format(_convert_value_to_string(self.value))

    def _check_data_type_forward(self, in_data):
        pass


class AddConstant(_Constant):
    """``x + c`` for a scalar constant ``c`` (cast to the dtype of ``x``)."""

    _label = '_ + {}'

    def forward(self, inputs):
        x, = inputs
        return force_array(_threads.ufunc(numpy.add, x, x.dtype.type(self.value))),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0],


class SubFromConstant(_Constant):
    """``c - x`` for a scalar constant ``c``."""

    _label = '{} - _'

    def forward(self, inputs):
        x, = inputs
        return force_array(x.dtype.type(self.value) - x),

    def backward(self, indexes, grad_outputs):
        return -grad_outputs[0],


class MulConstant(_Constant):
    """``x * c`` for a scalar constant ``c``."""

    _label = '_ * {}'

    def forward(self, inputs):
        x, = inputs
        return force_array(_threads.ufunc(numpy.multiply, x, x.dtype.type(self.value))),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self.value,


class DivFromConstant(_Constant):
    """``c / x`` for a scalar constant ``c``."""

    _label = '{} / _'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(x.dtype.type(self.value) / x),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (-self.value) / (x * x),


class PowVarConst(_Constant):
    """``x ** c`` for a scalar constant exponent ``c``."""

    _label = '_ ** {}'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(x ** x.dtype.type(self.value)),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        c = self.value
        if c == 1:
            return gy,
        if c == 2:
            return gy * (x * 2.0),
        return gy * (x ** (c - 1) * c),


class PowConstVar(_Constant):
    """``c ** x`` for a scalar constant base ``c``."""

    _label = '{} ** _'

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        return force_array(x.dtype.type(self.value) ** x),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * y * float(numpy.log(self.value)),


class PowVarVar(_Binary):
    """``x0 ** x1`` with broadcasting."""

    _symbol = '**'

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return force_array(x0 ** x1),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import log
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(_sum_to(gy * x1 * x0 ** (x1 - 1.0), x0.shape))
        if 1 in indexes:
            ret.append(_sum_to(gy * x0 ** x1 * log(x0), x1.shape))
        return tuple(ret)


class MatMul(FunctionNode):
    """Batched matrix product of inputs with at least two dimensions each.

    Parameters
    ----------
    transa, transb : bool
        Transpose the last two axes of the first (second) input first.
    dtype : dtype, optional
        The output dtype (default: the inputs' promoted dtype, as NumPy gives it).
    """

    def __init__(self, transa=False, transb=False, dtype=None):
        self.transa = transa
        self.transb = transb
        self.dtype = dtype

    def _check_data_type_forward(self, in_data):
        a, b = in_data
        label = self.label
        type_check.check_float(label, 'a', a)
        type_check.check_float(label, 'b', b)
        ka = a.shape[-2] if self.transa else a.shape[-1]
        kb = b.shape[-1] if self.transb else b.shape[-2]
        if ka != kb:
            type_check.fail(label, 'a.shape[{}] == b.shape[{}]'.format(
                -2 if self.transa else -1, -1 if self.transb else -2),
                '{} != {} (a.shape={}, b.shape={})'.format(ka, kb, a.shape, b.shape))
        try:
            numpy.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            type_check.fail(label, 'the batch dimensions of a and b can be broadcast',
                            'a.shape={}, b.shape={}'.format(a.shape, b.shape))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        xp = backend.get_array_module(a)
        if self.transa:
            a = a.swapaxes(-1, -2)
        if self.transb:
            b = b.swapaxes(-1, -2)
        y = xp.matmul(a, b)
        return force_array(y, self.dtype),

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gy, = grad_outputs
        ta, tb = self.transa, self.transb
        ret = []
        if 0 in indexes:
            if ta:
                ga = MatMul(tb, True, a.dtype).apply((b, gy))[0]
            else:
                ga = MatMul(False, not tb, a.dtype).apply((gy, b))[0]
            ret.append(_sum_to(ga, a.shape))
        if 1 in indexes:
            if tb:
                gb = MatMul(True, ta, b.dtype).apply((gy, a))[0]
            else:
                gb = MatMul(not ta, False, b.dtype).apply((a, gy))[0]
            ret.append(_sum_to(gb, b.shape))
        return tuple(ret)


def matmul(a, b, transa=False, transb=False):
    """Matrix product ``op(a) @ op(b)``, batched and broadcast over leading axes.

    Parameters
    ----------
    a : Variable or array
        Shape ``(..., M, K)`` (``(..., K, M)`` if ``transa``); a 1-D ``a`` of shape ``(K,)``
        is a row vector, as in :func:`numpy.matmul`.
    b : Variable or array
        Shape ``(..., K, N)`` (``(..., N, K)`` if ``transb``); a 1-D ``b`` is a column
        vector.
    transa : bool
        Transpose the last two axes of ``a`` first.
    transb : bool
        Transpose the last two axes of ``b`` first.

    Returns
    -------
    Variable
        Shape ``(..., M, N)``, without the axes of 1-D operands.

    Raises
    ------
    InvalidType
        If an operand is 0-d, the dtypes differ or are not float, the inner dimensions
        differ, or the batch dimensions do not broadcast.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> F.matmul(numpy.eye(2), numpy.ones((2, 3))).shape
    (2, 3)
    """
    from kusari.functions.array.reshape import reshape
    a_ndim = a.ndim
    b_ndim = b.ndim
    if a_ndim == 0 or b_ndim == 0:
        type_check.fail('MatMul', 'a.ndim >= 1 and b.ndim >= 1',
                        'a.ndim={}, b.ndim={}'.format(a_ndim, b_ndim))
    if a_ndim == 1:
        a, transa = reshape(a, (1, a.shape[0])), False
    if b_ndim == 1:
        b, transb = reshape(b, (b.shape[0], 1)), False
    y = MatMul(transa, transb).apply((a, b))[0]
    if a_ndim == 1 or b_ndim == 1:
        shape = y.shape
        if a_ndim == 1:
            shape = shape[:-2] + shape[-1:]
        if b_ndim == 1:
            shape = shape[:-1]
        y = reshape(y, shape)
    return y


# -- Variable operators -----------------------------------------------------------------

def _is_scalar(v):
    t = type(v)
    return t is float or t is int or isinstance(v, (numpy.generic, numbers.Number))


def _scalar(v):
    return v.item() if isinstance(v, numpy.generic) else v


def _same_float_arrays(a, b):
    """Whether ``a`` and ``b`` are NumPy arrays of one floating dtype and one shape (at least
    1-d), so that ``numpy.multiply(a, b)`` is a fresh array of that dtype and shape."""
    return (type(a) is numpy.ndarray and type(b) is numpy.ndarray and a.dtype == b.dtype
            and a.dtype.kind == 'f' and a.shape == b.shape and a.ndim > 0)


def _is_array(v):
    return isinstance(v, numpy.ndarray) or backend._is_cupy_array(v)


def _as_operand_array(x, value):
    """An array operand of ``x``'s operator, cast to ``x``'s dtype as Chainer does (so
    ``Variable(float32) + float64 array`` is float32; two Variables must still agree)."""
    dtype = x.dtype
    return value if value.dtype == dtype else value.astype(dtype, copy=False)


def _operator(binary, constant, reflected=False, raw_scalar=False):
    """An operator method: a Variable or array operand goes to ``binary`` (an array is cast to
    the Variable's dtype first, as in Chainer), a scalar to ``constant(x, c)`` (``c`` a Python
    number, or the scalar as given with ``raw_scalar``); anything else gives NotImplemented."""
    def op(self, other):
        if not isinstance(other, Variable):
            if _is_array(other):
                other = Variable._new(_as_operand_array(self, other), False)
            elif _is_scalar(other):
                return constant(self, other if raw_scalar else _scalar(other))
            else:
                return NotImplemented
        return binary().apply((other, self) if reflected else (self, other))[0]
    return op


_add_op = _operator(Add, lambda x, c: AddConstant(c).apply((x,))[0])
radd = _operator(Add, lambda x, c: AddConstant(c).apply((x,))[0], reflected=True)
sub = _operator(Sub, lambda x, c: AddConstant(-c).apply((x,))[0])
rsub = _operator(Sub, lambda x, c: SubFromConstant(c).apply((x,))[0], reflected=True)
mul = _operator(Mul, lambda x, c: MulConstant(c).apply((x,))[0])
rmul = _operator(Mul, lambda x, c: MulConstant(c).apply((x,))[0], reflected=True)


def _div_constant(x, c):
    # x * (1 / c), as Chainer: a NumPy zero gives inf (NumPy's division, with its warning),
    # a Python zero raises ZeroDivisionError
    inv = numpy.float64(1.0) / c if isinstance(c, numpy.generic) else 1.0 / c
    return MulConstant(_scalar(inv)).apply((x,))[0]


div = _operator(Div, _div_constant, raw_scalar=True)
rdiv = _operator(Div, lambda x, c: DivFromConstant(c).apply((x,))[0], reflected=True)
pow = _operator(PowVarVar, lambda x, c: PowVarConst(c).apply((x,))[0])  # noqa: A001
rpow = _operator(PowVarVar, lambda x, c: PowConstVar(c).apply((x,))[0], reflected=True)


def floordiv(self, other):
    """``self // other``: ``floor(self / other)`` (no gradient flows through ``floor``).

    Parameters
    ----------
    other : Variable, array or scalar
        The divisor, broadcast against ``self``.

    Returns
    -------
    Variable
        The floored quotient, outside the graph.
    """
    from kusari.functions.math.floor import floor
    q = div(self, other)
    return NotImplemented if q is NotImplemented else floor(q)


def rfloordiv(self, other):
    """``other // self``: ``floor(other / self)`` (no gradient)."""
    from kusari.functions.math.floor import floor
    q = rdiv(self, other)
    return NotImplemented if q is NotImplemented else floor(q)


class MultiAdd(FunctionNode):
    """The sum of any number of inputs of one dtype, broadcast together."""

    @property
    def label(self):
        return 'MultiAdd'

    def _check_data_type_forward(self, in_data):
        names = ['x{}'.format(i) for i in range(len(in_data))]
        type_check.check_same_dtype(self.label, names, in_data)
        try:
            numpy.broadcast_shapes(*[x.shape for x in in_data])
        except ValueError:
            type_check.fail(self.label, '{} can be broadcast'.format(
                ', '.join('{}.shape'.format(n) for n in names)),
                ', '.join(str(x.shape) for x in in_data))

    def forward(self, inputs):
        self._shapes = [x.shape for x in inputs]
        if len(inputs) == 1:
            return inputs
        y = inputs[0] + inputs[1]
        for x in inputs[2:]:
            if x.shape == y.shape:
                y += x
            else:
                y = y + x
        return force_array(y),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple([_sum_to(gy, self._shapes[i]) for i in indexes])


def add(*xs):
    """Elementwise sum of any number of inputs, with broadcasting.

    Two inputs go through the ``+`` operator's node (a scalar second operand is a constant, an
    array second operand is cast to the first one's dtype, as in Chainer);
    more go through one node that adds them all.

    Parameters
    ----------
    *xs : Variable or array
        One or more inputs of one float dtype whose shapes broadcast together (the second of
        exactly two may be a scalar).

    Returns
    -------
    Variable
        The broadcast shape, dtype of the inputs.

    Raises
    ------
    TypeError
        If no input is given.
    InvalidType
        If the dtypes differ or the shapes do not broadcast.

    >>> import numpy, kusari.functions as F
    >>> F.add(numpy.ones(2), numpy.ones(2), numpy.arange(2.)).array
    array([2., 3.])
    """
    if not xs:
        raise TypeError('add() needs at least one input')
    if len(xs) == 2:
        lhs, rhs = xs
        if _is_scalar(rhs):
            return AddConstant(_scalar(rhs)).apply((lhs,))[0]
        if _is_array(rhs):
            rhs = _as_operand_array(lhs, rhs)
        return Add().apply((lhs, rhs))[0]
    return MultiAdd().apply(xs)[0]


def neg(self):
    """``-self``.

    Parameters
    ----------
    self : Variable
        Input of any shape.

    Returns
    -------
    Variable
        Same shape and dtype.
    """
    return Neg().apply((self,))[0]


def absolute(self):
    """``abs(self)``; the derivative at 0 is taken as 0.

    Parameters
    ----------
    self : Variable
        Input of any shape.

    Returns
    -------
    Variable
        Same shape and dtype.
    """
    return Absolute().apply((self,))[0]


def _matmul_op(self, rhs):
    if not isinstance(rhs, Variable):
        if not _is_array(rhs):
            return NotImplemented
        rhs = _as_operand_array(self, rhs)
    return matmul(self, rhs)


def _rmatmul_op(self, lhs):
    if not _is_array(lhs):
        return NotImplemented
    return matmul(_as_operand_array(self, lhs), self)


def install_variable_arithmetics():
    """Attach the operators to :class:`kusari.Variable`."""
    V = Variable
    V.__neg__ = neg
    V.__abs__ = absolute
    V.__add__ = _add_op
    V.__radd__ = radd
    V.__sub__ = sub
    V.__rsub__ = rsub
    V.__mul__ = mul
    V.__rmul__ = rmul
    V.__truediv__ = div
    V.__rtruediv__ = rdiv
    V.__floordiv__ = floordiv
    V.__rfloordiv__ = rfloordiv
    V.__pow__ = pow
    V.__rpow__ = rpow
    V.__matmul__ = _matmul_op
    V.__rmatmul__ = _rmatmul_op
    V.__pos__ = lambda self: self
