"""exp, log, log2, log10: elementwise, differentiable to every order."""
import math

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _check_float(node, in_data):
    type_check.check_float(node.label, 'x', in_data[0])


class Exp(FunctionNode):
    """Elementwise exponential; its backward reuses the output."""

    label = 'exp'   # Chainer's label

    _check_data_type_forward = _check_float

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        return force_array(backend.get_array_module(x).exp(x)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * y,


class Log(FunctionNode):
    """Elementwise natural logarithm."""

    label = 'log'   # Chainer's label

    _check_data_type_forward = _check_float

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(backend.get_array_module(x).log(x)),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / x,


class _LogBase(FunctionNode):
    """Elementwise logarithm to a fixed base, computed by the array module's own ufunc
    (``log2``, ``log10``: exact to the last bit where ``log(x) / log(b)`` is not)."""

    _check_data_type_forward = _check_float
    _ufunc = None
    _base = None

    @property
    def label(self):
        return self._ufunc   # Chainer's label: 'log2', 'log10'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(getattr(backend.get_array_module(x), self._ufunc)(x)),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / x * (1.0 / math.log(self._base)),


class Log2(_LogBase):
    """Elementwise base-2 logarithm."""

    _ufunc = 'log2'
    _base = 2.0


class Log10(_LogBase):
    """Elementwise base-10 logarithm."""

    _ufunc = 'log10'
    _base = 10.0


def exp(x):
    """Elementwise exponential :math:`e^x`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Exp().apply((x,))[0]


def log(x):
    """Elementwise natural logarithm.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Log().apply((x,))[0]


def log2(x):
    """Elementwise base-2 logarithm; shape and dtype kept.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Log2().apply((x,))[0]


def log10(x):
    """Elementwise base-10 logarithm; shape and dtype kept.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Log10().apply((x,))[0]
