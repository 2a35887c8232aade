"""fliplr: reverse axis 1 (every order)."""
from kusari.functions.array.flip import Flip
from kusari.utils import type_check


class FlipLR(Flip):
    """Reverse axis 1 of an input with at least two axes."""

    def __init__(self):
        self.axis = 1

    def _check_data_type_forward(self, in_data):
        a, = in_data
        type_check.check_float(self.label, 'a', a)
        if a.ndim < 2:
            type_check.fail(self.label, 'a.ndim >= 2', 'a.ndim={}'.format(a.ndim))

    def backward(self, indexes, grad_outputs):
        return FlipLR().apply(grad_outputs)


def fliplr(a):
    """Flip ``a`` left to right (reverse axis 1), like :func:`numpy.fliplr`.

    Parameters
    ----------
    a : Variable or array
        Input with ``ndim >= 2``, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``a``.
    """
    return FlipLR().apply((a,))[0]
