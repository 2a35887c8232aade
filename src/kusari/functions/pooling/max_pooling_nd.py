"""Max pooling: max_pooling_nd, max_pooling_1d, max_pooling_2d, max_pooling_3d.

The forward keeps the window-relative argmax (``indexes``, as Chainer does). The backward is
``MaxPoolingNDGrad``, a scatter of ``gy`` to the argmax positions; its backward is
``MaxPoolingNDWithIndexes``, a gather at the same (constant) positions, whose backward is
the scatter again, so every order of derivative is exact.
"""
from kusari.function_node import FunctionNode
from kusari.functions.pooling import _pooling_nd
from kusari.utils import _args
from kusari.utils._args import check_spatial


class _PoolingND(FunctionNode):
    """Pooling over the last ``ndim`` axes (argument handling and Chainer's checks)."""

    def __init__(self, ndim, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
        if stride is None:
            stride = ksize
        if ndim <= 0:
            raise ValueError('pooling operation requires at least one spatial dimension.')
        self.ndim = ndim
        self.ksize = _args.as_tuple(ksize, ndim)
        self.stride = _args.as_tuple(stride, ndim)
        self.pad = _args.as_tuple(pad, ndim)
        self.cover_all = cover_all
        self.return_indices = return_indices

    def _check_data_type_forward(self, in_data):
        _pooling_nd.check_pool_input(self.label, in_data, self.ndim)


class MaxPoolingND(_PoolingND):
    """Max pooling; ``indexes`` holds the argmax inside each window after forward."""

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        outs = _pooling_nd.pool_outsize(x.shape[2:], self.ksize, self.stride, self.pad,
                                        self.cover_all, self.label)
        y, self.indexes = _pooling_nd.max_pool(x, self.ksize, self.stride, self.pad, outs)
        return y,

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDGrad(self).apply(grad_outputs)


class MaxPoolingNDGrad(_pooling_nd.IndexScatter):
    """The gradient of max pooling: ``gy`` scattered to the argmax of each window."""

    def __init__(self, mpoolnd):
        super().__init__(mpoolnd.indexes, mpoolnd.ksize, mpoolnd.stride, mpoolnd.pad,
                         mpoolnd._in_shape[2:])

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDWithIndexes(self).apply(grad_outputs)


class MaxPoolingNDWithIndexes(_pooling_nd.IndexGather):
    """Max pooling with given argmax indexes: a gather (linear in its input)."""

    def __init__(self, mpoolnd):
        super().__init__(mpoolnd.indexes, mpoolnd.ksize, mpoolnd.stride, mpoolnd.pad)
        self._in_shape = (None, None) + tuple(mpoolnd.insize)

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDGrad(self).apply(grad_outputs)


def max_pooling_nd(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """N-dimensional max pooling: the maximum over each window (padding never wins).

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, d_1, ..., d_n)``.
    ksize : int or tuple of ints
        Window size.
    stride : int or tuple of ints, optional
        Window step; ``None`` means ``ksize``.
    pad : int or tuple of ints
        Padding (with ``-inf``) on both sides.
    cover_all : bool
        Add windows so that every element is covered (default True, as in Chainer).
    return_indices : bool
        Also return the argmax inside each window (for :func:`upsampling_2d`).

    Returns
    -------
    Variable, or (Variable, ndarray)
        Shape ``(N, C, o_1, ..., o_n)``, ``o = (d + 2 p - k (+ s - 1 if cover_all)) // s + 1``;
        with ``return_indices`` also the ``int32`` window-relative argmax of that shape.

    >>> import numpy, kusari.functions as F
    >>> F.max_pooling_nd(numpy.ones((1, 2, 4, 4, 4)), 2).shape
    (1, 2, 2, 2, 2)
    """
    ndim = len(x.shape[2:])
    func = MaxPoolingND(ndim, ksize, stride, pad, cover_all, return_indices)
    y = func.apply((x,))[0]
    if return_indices:
        return y, func.indexes
    return y


def max_pooling_1d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """1-dimensional max pooling: :func:`max_pooling_nd` for ``x`` of shape ``(N, C, L)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, L)``; see :func:`max_pooling_nd` for the other arguments.

    Returns
    -------
    Variable, or (Variable, ndarray)
        Shape ``(N, C, L_out)`` (and the argmax with ``return_indices``).
    """
    check_spatial(x, 1)
    return max_pooling_nd(x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """2-dimensional spatial max pooling.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    ksize : int or pair of ints
        Window size ``(kh, kw)``.
    stride : int or pair of ints, optional
        ``(sy, sx)``; ``None`` means ``ksize``.
    pad : int or pair of ints
        ``(ph, pw)``, padded with ``-inf``.
    cover_all : bool
        Add windows so that every pixel is covered (default True).
    return_indices : bool
        Also return the window-relative argmax (``ky * kw + kx``) used by
        :func:`upsampling_2d`.

    Returns
    -------
    Variable, or (Variable, ndarray)
        Shape ``(N, C, H_out, W_out)``, dtype of ``x`` (and the ``int32`` argmax).

    >>> import numpy, kusari.functions as F
    >>> F.max_pooling_2d(numpy.ones((1, 2, 5, 5), numpy.float32), 2).shape
    (1, 2, 3, 3)
    """
    check_spatial(x, 2)
    return max_pooling_nd(x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_3d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """3-dimensional max pooling: :func:`max_pooling_nd` for ``x`` of shape ``(N, C, D, H, W)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, D, H, W)``; see :func:`max_pooling_nd` for the other arguments.

    Returns
    -------
    Variable, or (Variable, ndarray)
        Shape ``(N, C, D_out, H_out, W_out)`` (and the argmax with ``return_indices``).
    """
    check_spatial(x, 3)
    return max_pooling_nd(x, ksize, stride, pad, cover_all, return_indices)
