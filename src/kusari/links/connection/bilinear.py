"""Bilinear: ``y_k = e1^T W_k e2 + V1_k^T e1 + V2_k^T e2 + b_k``."""
import numpy

import kusari.functions as F
from kusari import backend, initializers, link
from kusari.variable import Parameter


def _check_shape(name, value, shape):
    if (isinstance(value, numpy.ndarray) or backend._is_cupy_array(value)) \
            and value.shape != shape:
        # Chainer asserts the shapes: its error class, with a message
        raise AssertionError('Bilinear: {} must have shape {}, got {}'.format(
            name, shape, value.shape))


class Bilinear(link.Link):
    """A bilinear layer.

    Parameters
    ----------
    left_size, right_size : int
        The sizes of ``e1`` and ``e2``.
    out_size : int
    nobias : bool
        Only the bilinear term if True.
    initialW : initializer, scalar or array, optional
    initial_bias : tuple of three initializers, optional
        The initializers of ``V1``, ``V2`` and ``b``.

    Raises
    ------
    AssertionError
        If an initial array has the wrong shape (Chainer's error class).
    ValueError
        If ``initial_bias`` is neither a tuple nor None.

    Attributes
    ----------
    W : Parameter of shape ``(left_size, right_size, out_size)``
    V1 : Parameter of shape ``(left_size, out_size)``
    V2 : Parameter of shape ``(right_size, out_size)``
    b : Parameter of shape ``(out_size,)``
    """

    def __init__(self, left_size, right_size, out_size, nobias=False, initialW=None,
                 initial_bias=None):
        super().__init__()
        self.in_sizes = (left_size, right_size)
        self.nobias = nobias
        with self.init_scope():
            shape = (left_size, right_size, out_size)
            _check_shape('initialW', initialW, shape)
            self.W = Parameter(initializers._get_initializer(initialW), shape)
            if not nobias:
                shapes = ((left_size, out_size), (right_size, out_size), (out_size,))
                if isinstance(initial_bias, tuple):
                    for name, value, s in zip(('V1', 'V2', 'b'), initial_bias, shapes):
                        _check_shape('initial ' + name, value, s)
                    inits = [initializers._get_initializer(v) for v in initial_bias]
                elif initial_bias is None:
                    inits = [initializers._get_initializer(None),
                             initializers._get_initializer(None), 0]
                else:
                    raise ValueError('initial_bias must be tuple or None')
                self.V1 = Parameter(inits[0], shapes[0])
                self.V2 = Parameter(inits[1], shapes[1])
                self.b = Parameter(inits[2], shapes[2])

    def forward(self, e1, e2):
        """Apply the layer.

        Parameters
        ----------
        e1 : Variable of shape ``(batch, left_size)``
        e2 : Variable of shape ``(batch, right_size)``

        Returns
        -------
        Variable of shape ``(batch, out_size)``
        """
        if self.nobias:
            return F.bilinear(e1, e2, self.W)
        return F.bilinear(e1, e2, self.W, self.V1, self.V2, self.b)

    def zero_grads(self):
        """Deprecated alias of :meth:`zerograds`."""
        self.zerograds()
