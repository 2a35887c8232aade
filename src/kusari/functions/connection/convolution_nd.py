"""N-dimensional convolution (convolution_nd, convolution_1d, convolution_3d).

``ConvolutionND`` computes ``im2col`` plus one BLAS product per block of batch elements
(Winograd F(2x2, 3x3) for 3x3 stride-1 kernels on the CPU, see ``_winograd``). Its
backward is again made of differentiable nodes: ``deconvolution_nd`` for ``gx`` and
``ConvolutionNDGradW`` for ``gW``, whose own backward is a convolution and a deconvolution,
so every order of derivative (including mixed ones in ``x`` and ``W``) is exact.
"""
import numpy

from kusari import backend
from kusari.backends import cpu_memory
from kusari.function_node import FunctionNode
from kusari.functions.connection import _winograd
from kusari.utils import _args, _im2col, _threads, conv, type_check


def _compute_dtype(*arrays):
    dt = numpy.result_type(*arrays)
    return numpy.dtype(numpy.float32) if dt == numpy.float16 else dt


def _prod(t):
    n = 1
    for v in t:
        n *= v
    return n


def conv_forward(x, W, stride, pad, dilate, groups, outsize):
    """``y[n, o] = sum_{c, k} W[o, c, k] * xpad[n, g(o) * Cg + c, o * stride + k * dilate]``."""
    xp = backend.get_array_module(x)
    ct = _compute_dtype(x, W)
    x = x.astype(ct, copy=False)
    W = W.astype(ct, copy=False)
    n, c = x.shape[:2]
    o = W.shape[0]
    ksize = W.shape[2:]
    g = groups
    if _winograd.use_winograd(x, ksize, stride, dilate, g, o):
        return _winograd.winograd_forward(numpy.ascontiguousarray(x), W, pad, g,
                                          tuple(outsize))
    kk = (c // g) * _prod(ksize)
    p = _prod(outsize)
    view = _im2col.im2col(x, ksize, stride, pad, dilate, outsize)
    wm = W.reshape(g, o // g, kk)
    if xp is not numpy:
        col = xp.ascontiguousarray(view).reshape(n, g, kk, p)
        return xp.matmul(wm, col).reshape((n, o) + tuple(outsize))
    # CPU: im2col a few batch elements at a time into one reused buffer that stays in cache
    # (one copy of the windows, no fresh pages per call), and one batched product per block
    # that writes straight into y.
    # The batch is split over threads (``_threads.split``).
    y = cpu_memory.empty((n, g, o // g, p), ct)

    def work(lo, hi):
        for i, j, col in _im2col.col_blocks(view, lo, hi):
            numpy.matmul(wm, col.reshape(j - i, g, kk, p), out=y[i:j])

    _threads.split_conv(n, work, 2 * n * o * kk * p)
    return y.reshape((n, o) + tuple(outsize))


def conv_grad_w(x, gy, ksize, stride, pad, dilate, groups):
    """The gradient of :func:`conv_forward` with respect to ``W`` (shape ``(O, C/G, *k)``)."""
    xp = backend.get_array_module(x)
    ct = _compute_dtype(x, gy)
    x = x.astype(ct, copy=False)
    gy = gy.astype(ct, copy=False)
    n, c = x.shape[:2]
    o = gy.shape[1]
    g = groups
    outsize = gy.shape[2:]
    p = _prod(outsize)
    nk = len(ksize)
    if _winograd.use_winograd(x, ksize, stride, dilate, g, o):
        return _winograd.winograd_grad_w(numpy.ascontiguousarray(x),
                                         numpy.ascontiguousarray(gy), pad, g)
    kk = (c // g) * _prod(ksize)
    view = _im2col.im2col(x, ksize, stride, pad, dilate, outsize)
    if xp is not numpy:
        # (C, *k, N, *out): one product per group covers batch elements and pixels
        perm = (1,) + tuple(range(2, 2 + nk)) + (0,) + tuple(range(2 + nk, 2 + 2 * nk))
        col = xp.ascontiguousarray(view.transpose(perm)).reshape(g, kk, n * p)
        gyt = gy.reshape(n, g, o // g, p)
        if n > 1:
            gyt = gyt.transpose(1, 2, 0, 3)
        gyt = gyt.reshape(g, o // g, n * p)
        gw = xp.matmul(gyt, col.swapaxes(1, 2))
        return gw.reshape((o, c // g) + tuple(ksize))
    # CPU: im2col in blocks of batch elements as in conv_forward (the same cheap copy), then
    # one product per element and group, col (C/G * k, P) @ gy^T (P, O/G), summed over the
    # block: gW^T, the orientation in which BLAS handles the long inner dimension best; the
    # batch split over threads, each summing its own share. (Measured against one product
    # per block over a transposed (C/G * k, block * P) copy: 2.1x faster for 3 input
    # channels, 1.15x for the stride-2 layers of benchmarks/train_step.py.)
    gy4 = gy.reshape(n, g, o // g, p)

    def work(lo, hi):
        gwt = numpy.zeros((g, kk, o // g), ct)
        for i, j, col in _im2col.col_blocks(view, lo, hi, _im2col.CACHE_BLOCK_BYTES):
            prod = numpy.matmul(col.reshape(j - i, g, kk, p), gy4[i:j].swapaxes(-1, -2))
            gwt += prod.sum(axis=0)
        return gwt

    gwt = sum(_threads.split_conv(n, work, 2 * n * o * kk * p))
    return gwt.swapaxes(1, 2).reshape((o, c // g) + tuple(ksize))


def check_groups(label, n_in, n_out, groups):
    if n_in % groups:
        raise TypeError('{}: The number of groups must be a divisor of that of input channels '
                        '(channels={}, groups={})'.format(label, n_in, groups))
    if n_out % groups:
        raise TypeError('{}: The number of groups must be a divisor of that of output channels'
                        ' (channels={}, groups={})'.format(label, n_out, groups))


def _check_common(label, in_data, ndim):
    n_in = len(in_data)
    if not 2 <= n_in <= 3:
        type_check.fail(label, '2 <= in_types.size() <= 3', 'in_types.size() == {}'.format(n_in))
    x, W = in_data[:2]
    type_check.check_float(label, 'x', x)
    type_check.check_float(label, 'W', W)
    if x.ndim != ndim + 2:
        type_check.fail(label, 'x.ndim == {}'.format(ndim + 2), 'x.shape={}'.format(x.shape))
    if W.ndim != ndim + 2:
        type_check.fail(label, 'W.ndim == {}'.format(ndim + 2), 'W.shape={}'.format(W.shape))


def _check_bias(label, in_data, n_out, same_dtype):
    if len(in_data) != 3:
        return
    x, b = in_data[0], in_data[2]
    if same_dtype and b.dtype != x.dtype:
        type_check.fail(label, 'b.dtype == x.dtype', '{} != {}'.format(b.dtype, x.dtype))
    type_check.check_float(label, 'b', b)
    if b.ndim != 1:
        type_check.fail(label, 'b.ndim == 1', 'b.shape={}'.format(b.shape))
    if b.shape[0] != n_out:
        type_check.fail(label, 'b.shape[0] == {} (the output channels)'.format(n_out),
                        'b.shape={}'.format(b.shape))


def _bias_shape(b, ndim):
    return (1, b.shape[0]) + (1,) * ndim


class ConvolutionND(FunctionNode):
    """N-dimensional convolution of ``x`` with ``W`` (plus ``b``)."""

    _channel_check_first = False

    def __init__(self, ndim, stride=1, pad=0, cover_all=False, dilate=1, groups=1,
                 _outsize=None):
        self.ndim = ndim
        self.stride = _args.as_tuple(stride, ndim)
        self.pad = _args.as_tuple(pad, ndim)
        self.cover_all = cover_all
        self.dilate = _args.as_tuple(dilate, ndim)
        self.groups = int(groups)
        self._outsize = None if _outsize is None else tuple(_outsize)
        if any(d < 1 for d in self.dilate):
            raise ValueError('Dilate should be positive, but {} is supplied.'.format(dilate))
        if self.groups < 1:
            raise ValueError('groups should be positive, but {} is supplied.'.format(groups))

    def _check_data_type_forward(self, in_data):
        label = self.label
        _check_common(label, in_data, self.ndim)
        x, W = in_data[:2]
        g = self.groups
        if not self._channel_check_first:
            check_groups(label, x.shape[1], W.shape[0], g)
        if x.shape[1] != W.shape[1] * g:
            type_check.fail(label, 'x.shape[1] == W.shape[1] * groups',
                            '{} != {} * {}'.format(x.shape[1], W.shape[1], g))
        if self._channel_check_first:
            check_groups(label, x.shape[1], W.shape[0], g)
        _check_bias(label, in_data, W.shape[0], self._channel_check_first)

    def _out_size(self, x_shape, w_shape):
        if self._outsize is not None:
            return self._outsize
        outs = tuple(conv.get_conv_outsize(s, k, st, p, self.cover_all, d)
                     for s, k, st, p, d in zip(x_shape[2:], w_shape[2:], self.stride,
                                               self.pad, self.dilate))
        if any(o <= 0 for o in outs):
            raise RuntimeError('{}: Output sizes should be positive (got {} for x.shape={}, '
                               'W.shape={})'.format(self.label, outs, x_shape, w_shape))
        return outs

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        outs = self._out_size(x.shape, W.shape)
        y = conv_forward(x, W, self.stride, self.pad, self.dilate, self.groups, outs)
        if len(inputs) == 3:
            b = inputs[2]
            y += b.reshape(_bias_shape(b, self.ndim)).astype(y.dtype, copy=False)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.connection.deconvolution_nd import DeconvolutionND
        from kusari.functions.math.sum import sum as _sum
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(DeconvolutionND(
                    self.ndim, self.stride, self.pad, x.shape[2:], self.dilate,
                    self.groups).apply((gy, W))[0])
            elif i == 1:
                ret.append(ConvolutionNDGradW(
                    self.ndim, W.shape[2:], self.stride, self.pad, self.dilate, self.groups,
                    W.dtype).apply((x, gy))[0])
            else:
                ret.append(_sum(gy, axis=(0,) + tuple(range(2, self.ndim + 2))))
        return tuple(ret)


class ConvolutionNDGradW(FunctionNode):
    """``gW`` of a convolution from ``(x, gy)``; its backward is a deconvolution (for ``x``)
    and a convolution (for ``gy``), so it is exact to every order."""

    def __init__(self, ndim, ksize, stride, pad, dilate, groups, w_dtype):
        self.ndim = ndim
        self.ksize = tuple(ksize)
        self.stride = stride
        self.pad = pad
        self.dilate = dilate
        self.groups = groups
        self.w_dtype = numpy.dtype(w_dtype)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        gw = conv_grad_w(x, gy, self.ksize, self.stride, self.pad, self.dilate, self.groups)
        return gw.astype(self.w_dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.connection.deconvolution_nd import DeconvolutionND
        x, gy = self.get_retained_inputs()
        ggw, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(DeconvolutionND(
                    self.ndim, self.stride, self.pad, x.shape[2:], self.dilate,
                    self.groups).apply((gy, ggw))[0])
            else:
                ret.append(ConvolutionND(
                    self.ndim, self.stride, self.pad, False, self.dilate, self.groups,
                    _outsize=gy.shape[2:]).apply((x, ggw))[0])
        return tuple(ret)


def convolution_nd(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """N-dimensional convolution.

    ``y[n, o, i...] = b[o] + sum_{c, k...} W[o, c, k...] * x[n, c, i * stride + k * dilate
    - pad]`` (zero outside ``x``); with ``groups`` G the channels are split into G groups
    convolved separately.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, d_1, ..., d_n)``.
    W : Variable or array
        Filter of shape ``(O, C / groups, k_1, ..., k_n)``.
    b : Variable or array, optional
        Bias of shape ``(O,)``.
    stride, pad, dilate : int or tuple of ints
        Per spatial axis (a scalar applies to all).
    cover_all : bool
        Add windows so that every input element is covered (extra high-side padding).
    groups : int
        Number of channel groups; divides ``C`` and ``O``.

    Returns
    -------
    Variable
        Shape ``(N, O, o_1, ..., o_n)`` with ``o = (d + 2 p - ((k - 1) dilate + 1)) // s + 1``
        (``cover_all`` adds ``s - 1`` to the numerator); dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.convolution_nd(numpy.ones((1, 2, 5, 5, 5)), numpy.ones((3, 2, 3, 3, 3))).shape
    (1, 3, 3, 3, 3)
    """
    ndim = len(x.shape[2:])
    func = ConvolutionND(ndim, stride, pad, cover_all, dilate, groups)
    args = (x, W) if b is None else (x, W, b)
    return func.apply(args)[0]


def convolution_1d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """1-dimensional convolution: :func:`convolution_nd` for ``x`` of shape ``(N, C, L)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, L)``; ``W`` ``(O, C / groups, k)``, ``b`` ``(O,)``.

    Returns
    -------
    Variable
        Shape ``(N, O, L_out)``.
    """
    _args.check_spatial(x, 1)
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_3d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """3-dimensional convolution: :func:`convolution_nd` for ``x`` of shape ``(N, C, D, H, W)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, D, H, W)``; ``W`` ``(O, C / groups, kd, kh, kw)``, ``b`` ``(O,)``.

    Returns
    -------
    Variable
        Shape ``(N, O, D_out, H_out, W_out)``.
    """
    _args.check_spatial(x, 3)
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)
