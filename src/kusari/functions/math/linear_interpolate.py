"""linear_interpolate: :math:`p x + (1 - p) y`, differentiable to every order."""
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class LinearInterpolate(FunctionNode):
    def _check_data_type_forward(self, in_data):
        p, x, y = in_data
        label = self.label
        type_check.check_float(label, 'p', p)
        for name, a in (('x', x), ('y', y)):
            if a.dtype != p.dtype:
                type_check.fail(label, '{}.dtype == p.dtype'.format(name),
                                '{} != {}'.format(a.dtype, p.dtype))
        for name, a in (('x', x), ('y', y)):
            if a.shape != p.shape:
                type_check.fail(label, 'p.shape == {}.shape'.format(name),
                                '{} != {}'.format(p.shape, a.shape))

    def forward(self, inputs):
        p, x, y = inputs
        self.retain_inputs((0, 1, 2))
        return force_array(p * x + (p.dtype.type(1) - p) * y),

    def backward(self, indexes, grad_outputs):
        p, x, y = self.get_retained_inputs()
        g, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(g * (x - y))
            elif i == 1:
                ret.append(g * p)
            else:
                ret.append(g * (1.0 - p))
        return tuple(ret)


def linear_interpolate(p, x, y):
    """Elementwise linear interpolation :math:`p x + (1 - p) y`.

    Parameters
    ----------
    p : Variable or array
        The weights, float dtype.
    x : Variable or array
        The first end point, ``p``'s shape and dtype.
    y : Variable or array
        The second end point, ``p``'s shape and dtype.

    Returns
    -------
    Variable
        ``p``'s shape and dtype.

    >>> import numpy, kusari.functions as F
    >>> F.linear_interpolate(numpy.array([0.25]), numpy.array([4.]), numpy.array([0.])).array
    array([1.])
    """
    return LinearInterpolate().apply((p, x, y))[0]
