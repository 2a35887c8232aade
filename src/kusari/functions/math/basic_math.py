"""Arithmetic on Variables: the operators +, -, *, /, **, @, unary -, abs().

Each backward is written with differentiable functions, so every order of derivative works.
Binary operations broadcast as NumPy does and require equal dtypes (as in Chainer 7.8.1);
a Python or NumPy scalar operand is a constant of the variable's dtype.
"""
import numbers

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check
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


class _Binary(FunctionNode):
    def _check_data_type_forward(self, in_data):
        _check_binary(self, in_data[0], in_data[1])


class Add(_Binary):
    """``x0 + x1`` with broadcasting; each gradient is summed back to its input's shape."""

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return force_array(x0 + x1),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple([_sum_to(gy, self._shapes[i]) for i in indexes])


class Sub(_Binary):
    """``x0 - x1`` with broadcasting."""

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return force_array(x0 - x1),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple([_sum_to(gy if i == 0 else -gy, self._shapes[i]) for i in indexes])


class Mul(_Binary):
    """``x0 * x1`` with broadcasting."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return force_array(x0 * x1),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            x = x1 if i == 0 else x0
            ret.append(_sum_to(gy * x, (x0 if i == 0 else x1).shape))
        return tuple(ret)


class Div(_Binary):
    """``x0 / x1`` with broadcasting."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return force_array(x0 / x1),

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

    def forward(self, inputs):
        return force_array(-inputs[0]),

    def backward(self, indexes, grad_outputs):
        return -grad_outputs[0],


class Absolute(FunctionNode):
    """``abs(x)``; the derivative at 0 is taken as 0."""

    def forward(self, inputs):
        x, = inputs
        self._sign = backend.get_array_module(x).sign(x)
        return force_array(abs(x)),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._sign,


class _Constant(FunctionNode):
    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '{}({})'.format(type(self).__name__, self.value)

    def _check_data_type_forward(self, in_data):
        pass


class AddConstant(_Constant):
    """``x + c`` for a scalar constant ``c`` (cast to the dtype of ``x``)."""

    def forward(self, inputs):
        x, = inputs
        return force_array(x + x.dtype.type(self.value)),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0],


class SubFromConstant(_Constant):
    """``c - x`` for a scalar constant ``c``."""

    def forward(self, inputs):
        x, = inputs
        return force_array(x.dtype.type(self.value) - x),

    def backward(self, indexes, grad_outputs):
        return -grad_outputs[0],


class MulConstant(_Constant):
    """``x * c`` for a scalar constant ``c``."""

    def forward(self, inputs):
        x, = inputs
        return force_array(x * x.dtype.type(self.value)),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self.value,


class DivFromConstant(_Constant):
    """``c / x`` for a scalar constant ``c``."""

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(x.dtype.type(self.value) / x),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (-self.value) / (x * x),


class PowVarConst(_Constant):
    """``x ** c`` for a scalar constant exponent ``c``."""

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

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        return force_array(x.dtype.type(self.value) ** x),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * y * float(numpy.log(self.value)),


class PowVarVar(_Binary):
    """``x0 ** x1`` with broadcasting."""

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
    """

    def __init__(self, transa=False, transb=False):
        self.transa = transa
        self.transb = transb

    def _check_data_type_forward(self, in_data):
        a, b = in_data
        label = self.label
        if a.dtype != b.dtype:
            type_check.fail(label, 'a.dtype == b.dtype', '{} != {}'.format(a.dtype, b.dtype))
        if a.dtype.kind != 'f':
            type_check.fail(label, "a.dtype.kind == 'f'", 'a.dtype={}'.format(a.dtype))
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
        return force_array(xp.matmul(a, b)),

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gy, = grad_outputs
        ta, tb = self.transa, self.transb
        ret = []
        if 0 in indexes:
            if ta:
                ga = MatMul(tb, True).apply((b, gy))[0]
            else:
                ga = MatMul(False, not tb).apply((gy, b))[0]
            ret.append(_sum_to(ga, a.shape))
        if 1 in indexes:
            if tb:
                gb = MatMul(True, ta).apply((gy, a))[0]
            else:
                gb = MatMul(not ta, False).apply((a, gy))[0]
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


def _operator(binary, constant, reflected=False, raw_scalar=False):
    """An operator method: a Variable or array operand goes to ``binary``, a scalar to
    ``constant(x, c)`` (``c`` a Python number, or the scalar as given with ``raw_scalar``);
    anything else gives NotImplemented."""
    def op(self, other):
        if not isinstance(other, Variable):
            if isinstance(other, numpy.ndarray) or backend._is_cupy_array(other):
                other = Variable._new(other, False)
            elif _is_scalar(other):
                return constant(self, other if raw_scalar else _scalar(other))
            else:
                return NotImplemented
        return binary().apply((other, self) if reflected else (self, other))[0]
    return op


add = _operator(Add, lambda x, c: AddConstant(c).apply((x,))[0])
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
        if not (isinstance(rhs, numpy.ndarray) or backend._is_cupy_array(rhs)):
            return NotImplemented
    return matmul(self, rhs)


def _rmatmul_op(self, lhs):
    if not (isinstance(lhs, numpy.ndarray) or backend._is_cupy_array(lhs)):
        return NotImplemented
    return matmul(lhs, self)


def install_variable_arithmetics():
    """Attach the operators to :class:`kusari.Variable`."""
    V = Variable
    V.__neg__ = neg
    V.__abs__ = absolute
    V.__add__ = add
    V.__radd__ = radd
    V.__sub__ = sub
    V.__rsub__ = rsub
    V.__mul__ = mul
    V.__rmul__ = rmul
    V.__truediv__ = div
    V.__rtruediv__ = rdiv
    V.__pow__ = pow
    V.__rpow__ = rpow
    V.__matmul__ = _matmul_op
    V.__rmatmul__ = _rmatmul_op
    V.__pos__ = lambda self: self
