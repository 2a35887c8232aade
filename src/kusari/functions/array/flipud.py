"""flipud: reverse axis 0 (every order)."""
from kusari.functions.array.flip import Flip
from kusari.utils import type_check


class FlipUD(Flip):
    """Reverse axis 0 of an input with at least one axis."""

    def __init__(self):
        self.axis = 0

    def _check_data_type_forward(self, in_data):
        a, = in_data
        type_check.check_float(self.label, 'a', a)
        if a.ndim < 1:
            type_check.fail(self.label, 'a.ndim >= 1', 'a.ndim={}'.format(a.ndim))

    def backward(self, indexes, grad_outputs):
        return FlipUD().apply(grad_outputs)


def flipud(a):
    """Flip ``a`` upside down (reverse axis 0), like :func:`numpy.flipud`.

    Parameters
    ----------
    a : Variable or array
        Input with ``ndim >= 1``, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``a``.
    """
    return FlipUD().apply((a,))[0]
