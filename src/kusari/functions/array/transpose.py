"""transpose, differentiable to every order."""
import numpy

from kusari.function_node import FunctionNode
from kusari.utils import type_check


class Transpose(FunctionNode):
    """Permute axes (reverse them without ``axes``); its backward applies the inverse."""

    def __init__(self, axes=None):
        self.axes = None if axes is None else tuple(axes)

    def _check_data_type_forward(self, in_data):
        axes = self.axes
        ndim = in_data[0].ndim
        if axes is not None and sorted(a % ndim if -ndim <= a < ndim else a
                                       for a in axes) != list(range(ndim)):
            type_check.fail(self.label, 'axes is a permutation of range(x.ndim)',
                            'axes={}, x.ndim={}'.format(axes, ndim))

    def forward(self, inputs):
        x, = inputs
        return x.transpose(self.axes),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        if self.axes is None:
            return Transpose().apply((gy,))[0],
        inv = tuple(numpy.argsort([a % gy.ndim for a in self.axes]))
        return Transpose(inv).apply((gy,))[0],


def transpose(x, axes=None):
    """Permute the axes of ``x``.

    Parameters
    ----------
    x : Variable or array
        Input of ``n`` dimensions.
    axes : tuple of ints, optional
        A permutation of ``range(n)``; None reverses the axes.

    Returns
    -------
    Variable
        ``x`` with permuted axes: shape ``tuple(x.shape[a] for a in axes)``, dtype kept.

    Raises
    ------
    InvalidType
        If ``axes`` is not a permutation of ``range(n)``.
    """
    return Transpose(axes).apply((x,))[0]
