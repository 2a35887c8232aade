"""sin, cos, tan, arcsin, arccos, arctan, arctan2: elementwise, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math._special import UnarySpecial
from kusari.functions.math.basic_math import _check_binary
from kusari.utils import force_array, type_check


class _Unary(UnarySpecial):
    """An elementwise function of one float input: the array module's ufunc ``_name``,
    which is also the label (``_retain``: ``'x'`` or ``'y'``, as in :class:`UnarySpecial`)."""

    _name = None

    @property
    def label(self):
        return self._name

    def _values(self, x):
        return force_array(getattr(backend.get_array_module(x), self._name)(x), x.dtype)


class Sin(_Unary):
    _name = 'sin'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * cos(x),


class Cos(_Unary):
    _name = 'cos'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * -sin(x),


class Tan(_Unary):
    _name = 'tan'
    _retain = 'y'

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (1.0 + y * y),


class Arcsin(_Unary):
    _name = 'arcsin'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sqrt import rsqrt
        x, = self.get_retained_inputs()
        return grad_outputs[0] * rsqrt(1.0 - x * x),


class Arccos(_Unary):
    _name = 'arccos'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sqrt import rsqrt
        x, = self.get_retained_inputs()
        return grad_outputs[0] * -rsqrt(1.0 - x * x),


class Arctan(_Unary):
    _name = 'arctan'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (1.0 + x * x),


class Arctan2(FunctionNode):
    @property
    def label(self):
        return 'arctan2'

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x1', in_data[0])
        type_check.check_float(self.label, 'x2', in_data[1])
        _check_binary(self.label, in_data[0], in_data[1], ('x1', 'x2'))

    def forward(self, inputs):
        x1, x2 = inputs
        self.retain_inputs((0, 1))
        return force_array(backend.get_array_module(x1).arctan2(x1, x2), x1.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        x1, x2 = self.get_retained_inputs()
        g = grad_outputs[0] / (x1 * x1 + x2 * x2)
        ret = []
        for i in indexes:
            gx = g * x2 if i == 0 else -(g * x1)
            shape = (x1 if i == 0 else x2).shape
            ret.append(gx if gx.shape == shape else sum_to(gx, shape))
        return tuple(ret)


def sin(x):
    """Elementwise sine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype (radians).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Sin().apply((x,))[0]


def cos(x):
    """Elementwise cosine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype (radians).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Cos().apply((x,))[0]


def tan(x):
    """Elementwise tangent.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype (radians).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Tan().apply((x,))[0]


def arcsin(x):
    """Elementwise inverse sine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, values in ``[-1, 1]``.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, values in ``[-pi/2, pi/2]``.
    """
    return Arcsin().apply((x,))[0]


def arccos(x):
    """Elementwise inverse cosine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, values in ``[-1, 1]``.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, values in ``[0, pi]``.
    """
    return Arccos().apply((x,))[0]


def arctan(x):
    """Elementwise inverse tangent.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, values in ``(-pi/2, pi/2)``.
    """
    return Arctan().apply((x,))[0]


def arctan2(x1, x2):
    """Elementwise arc tangent of ``x1 / x2``, choosing the quadrant by both signs.

    Parameters
    ----------
    x1 : Variable or array
        The y-coordinates, float dtype.
    x2 : Variable or array
        The x-coordinates, ``x1``'s dtype, a shape broadcastable with ``x1``.

    Returns
    -------
    Variable
        The broadcast shape, dtype of the inputs, values in ``[-pi, pi]``.

    >>> import numpy, kusari.functions as F
    >>> F.arctan2(numpy.array([1.]), numpy.array([0.])).array
    array([1.57079633])
    """
    return Arctan2().apply((x1, x2))[0]
