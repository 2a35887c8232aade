"""Maxout: a linear layer followed by a maximum over groups of units."""
import numpy

import kusari.functions as F
from kusari import backend, initializer, link
from kusari.links.connection.linear import Linear


def _is_array(x):
    return isinstance(x, numpy.ndarray) or backend._is_cupy_array(x)


class Maxout(link.Chain):
    """Fully connected maxout: ``y_i = max_j (W_ij x + b_ij)``.

    Parameters
    ----------
    in_size : int
    out_size : int
    pool_size : int
        The number of units each output takes the maximum over.
    initialW : initializer, scalar or array of shape ``(out_size, pool_size, in_size)``
    initial_bias : initializer, scalar or array of shape ``(out_size, pool_size)``, or None
        None means no bias (default 0).

    Attributes
    ----------
    linear : Linear
        Of output size ``out_size * pool_size``.
    """

    def __init__(self, in_size, out_size, pool_size, initialW=None, initial_bias=0):
        super().__init__()
        linear_out_size = out_size * pool_size
        if initialW is None or numpy.isscalar(initialW) or \
                isinstance(initialW, initializer.Initializer):
            pass
        elif _is_array(initialW):
            if initialW.ndim != 3:
                raise ValueError('initialW.ndim should be 3')
            initialW = initialW.reshape(linear_out_size, in_size)
        elif callable(initialW):
            initialW = _reshaping(initialW, (out_size, pool_size, in_size))
        if initial_bias is None or numpy.isscalar(initial_bias) or \
                isinstance(initial_bias, initializer.Initializer):
            pass
        elif _is_array(initial_bias):
            if initial_bias.ndim != 2:
                raise ValueError('initial_bias.ndim should be 2')
            initial_bias = initial_bias.reshape(linear_out_size)
        elif callable(initial_bias):
            initial_bias = _reshaping(initial_bias, (out_size, pool_size))
        with self.init_scope():
            self.linear = Linear(in_size, linear_out_size, nobias=initial_bias is None,
                                 initialW=initialW, initial_bias=initial_bias)
        self.out_size = out_size
        self.pool_size = pool_size

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(batch, in_size)``.

        Returns
        -------
        Variable of shape ``(batch, out_size)``
        """
        return F.maxout(self.linear(x), self.pool_size)


def _reshaping(init, shape):
    """An initializer that fills the array viewed as ``shape``."""
    def fill(array):
        init(array.reshape(shape))
    fill.dtype = getattr(init, 'dtype', None)
    return fill
