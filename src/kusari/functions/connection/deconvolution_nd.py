"""N-dimensional deconvolution (transposed convolution): deconvolution_nd, _1d, _3d.

The forward is a batched BLAS product followed by ``col2im`` (on the CPU, both a block of
batch elements at a time). The backward is a
convolution (for ``x``) and ``ConvolutionNDGradW`` (for ``W``), both differentiable again,
so every order of derivative is exact (Chainer 7 cannot differentiate this backward twice).
"""
import numpy

from kusari import backend
from kusari.backends import cpu_memory
from kusari.function_node import FunctionNode
from kusari.functions.connection.convolution_nd import (
    ConvolutionND,
    ConvolutionNDGradW,
    _bias_shape,
    _check_bias,
    _check_common,
    _compute_dtype,
    _prod,
    check_groups,
    conv_forward,
)
from kusari.utils import _args, _im2col, _threads, conv, type_check


def deconv_forward(x, W, stride, pad, dilate, groups, outsize):
    """The adjoint of the convolution by ``W`` from ``outsize`` to ``x.shape[2:]``."""
    xp = backend.get_array_module(x)
    ct = _compute_dtype(x, W)
    x = x.astype(ct, copy=False)
    W = W.astype(ct, copy=False)
    n, c_in = x.shape[:2]
    g = groups
    c_out_g = W.shape[1]
    ksize = W.shape[2:]
    insize = x.shape[2:]
    nk = len(ksize)
    cpad = tuple((k - 1) * d - p for k, d, p in zip(ksize, dilate, pad))
    if all(s == 1 for s in stride) and all(p >= 0 for p in cpad):
        # stride 1: a convolution of x with the flipped, channel-swapped filter (im2col and
        # one product, no col2im)
        wc = W.reshape((g, c_in // g, c_out_g) + tuple(ksize)).swapaxes(1, 2)
        wc = wc[(Ellipsis,) + (slice(None, None, -1),) * nk]
        wc = xp.ascontiguousarray(wc).reshape((g * c_out_g, c_in // g) + tuple(ksize))
        return conv_forward(x, wc, stride, cpad, dilate, g, outsize)
    wm = W.reshape(g, c_in // g, c_out_g * _prod(ksize)).swapaxes(1, 2)
    wm = xp.ascontiguousarray(wm)
    xm = x.reshape(n, g, c_in // g, _prod(insize))
    col_shape = (g * c_out_g,) + tuple(ksize) + tuple(insize)
    if xp is numpy and _im2col.col2im_2d_applies(nk, ct):
        # CPU: the product and col2im a few batch elements at a time, in one reused buffer
        # that stays in cache (the whole col, 2.25 times x's size per output channel and
        # kernel offset, would go to memory and back), the batch split over threads
        y = cpu_memory.zeros((n, g * c_out_g) + tuple(outsize), ct)
        per_item = _prod(col_shape)

        def work(lo, hi):
            nb = _im2col.block_size(hi - lo, per_item * ct.itemsize,
                                    _im2col.CACHE_BLOCK_BYTES)
            buf = cpu_memory.empty(nb * per_item, ct)
            for i in range(lo, hi, nb):
                j = min(i + nb, hi)
                col = buf[:(j - i) * per_item].reshape(j - i, g, c_out_g * _prod(ksize), -1)
                numpy.matmul(wm, xm[i:j], out=col)
                _im2col.col2im_2d_into(col.reshape((j - i,) + col_shape), y[i:j], stride,
                                       pad, dilate)

        _threads.split_conv(n, work, 2 * n * c_in * c_out_g * _prod(ksize) * _prod(insize))
        return y
    col = xp.matmul(wm, xm).reshape((n,) + col_shape)
    return _im2col.col2im(col, stride, pad, dilate, outsize)


class DeconvolutionND(FunctionNode):
    """N-dimensional deconvolution of ``x`` with ``W`` (plus ``b``)."""

    _bias_same_dtype = False

    def __init__(self, ndim, stride=1, pad=0, outsize=None, dilate=1, groups=1):
        self.ndim = ndim
        self.stride = _args.as_tuple(stride, ndim)
        self.pad = _args.as_tuple(pad, ndim)
        if outsize is not None:
            outsize = tuple(outsize)
            if len(outsize) != ndim:
                raise ValueError('outsize must have {} elements, got {!r}'.format(
                    ndim, outsize))
        self.outs = outsize
        self.dilate = _args.as_tuple(dilate, ndim)
        self.groups = int(groups)
        if any(d < 1 for d in self.dilate):
            raise ValueError('Dilate should be positive, but {} is supplied.'.format(dilate))
        if self.groups < 1:
            raise ValueError('groups should be positive, but {} is supplied.'.format(groups))

    def _check_data_type_forward(self, in_data):
        label = self.label
        _check_common(label, in_data, self.ndim)
        x, W = in_data[:2]
        if x.shape[1] != W.shape[0]:
            type_check.fail(label, 'x.shape[1] == W.shape[0]',
                            '{} != {}'.format(x.shape[1], W.shape[0]))
        check_groups(label, W.shape[0], W.shape[1] * self.groups, self.groups)
        if self.outs is not None:
            for i, (out, s, p, d) in enumerate(zip(self.outs, self.stride, self.pad,
                                                   self.dilate)):
                k = W.shape[i + 2]
                lo = conv.get_conv_outsize(out, k, s, p, d=d)
                hi = conv.get_conv_outsize(out, k, s, p, cover_all=True, d=d)
                if not lo <= x.shape[i + 2] <= hi:
                    type_check.fail(
                        label, '{} <= x.shape[{}] <= {} (for outsize={})'.format(
                            lo, i + 2, hi, self.outs), 'x.shape={}'.format(x.shape))
        _check_bias(label, in_data, W.shape[1] * self.groups, self._bias_same_dtype)

    def _out_size(self, x_shape, w_shape):
        if self.outs is not None:
            return self.outs
        outs = tuple(conv.get_deconv_outsize(s, k, st, p, d=d)
                     for s, k, st, p, d in zip(x_shape[2:], w_shape[2:], self.stride,
                                               self.pad, self.dilate))
        if any(o <= 0 for o in outs):   # an AssertionError, as Chainer's assert
            raise AssertionError('{}: Output sizes should be positive (got {} for x.shape={}, '
                                 'W.shape={})'.format(self.label, outs, x_shape, w_shape))
        return outs

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        outs = self._out_size(x.shape, W.shape)
        y = deconv_forward(x, W, self.stride, self.pad, self.dilate, self.groups, outs)
        if len(inputs) == 3:
            b = inputs[2]
            y += b.reshape(_bias_shape(b, self.ndim)).astype(y.dtype, copy=False)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum as _sum
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(ConvolutionND(
                    self.ndim, self.stride, self.pad, False, self.dilate, self.groups,
                    _outsize=x.shape[2:]).apply((gy, W))[0])
            elif i == 1:
                ret.append(ConvolutionNDGradW(
                    self.ndim, W.shape[2:], self.stride, self.pad, self.dilate, self.groups,
                    W.dtype).apply((gy, x))[0])
            else:
                ret.append(_sum(gy, axis=(0,) + tuple(range(2, self.ndim + 2))))
        return tuple(ret)


def deconvolution_nd(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """N-dimensional deconvolution (the transpose of :func:`convolution_nd`).

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C_in, d_1, ..., d_n)``.
    W : Variable or array
        Filter of shape ``(C_in, C_out / groups, k_1, ..., k_n)``.
    b : Variable or array, optional
        Bias of shape ``(C_out,)``.
    stride, pad, dilate : int or tuple of ints
        Per spatial axis (a scalar applies to all).
    outsize : tuple of ints, optional
        The output spatial size; by default ``s (d - 1) + (k - 1) dilate + 1 - 2 p``. Must
        be one the convolution of which gives back ``d``.
    groups : int
        Number of channel groups; divides ``C_in``.

    Returns
    -------
    Variable
        Shape ``(N, C_out, o_1, ..., o_n)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.deconvolution_nd(numpy.ones((1, 2, 3, 3, 3)), numpy.ones((2, 4, 3, 3, 3))).shape
    (1, 4, 5, 5, 5)
    """
    ndim = len(x.shape[2:])
    func = DeconvolutionND(ndim, stride, pad, outsize, dilate, groups)
    args = (x, W) if b is None else (x, W, b)
    return func.apply(args)[0]


def deconvolution_1d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """1-dimensional deconvolution: :func:`deconvolution_nd` for ``x`` of shape ``(N, C, L)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C_in, L)``; ``W`` ``(C_in, C_out / groups, k)``, ``b`` ``(C_out,)``.

    Returns
    -------
    Variable
        Shape ``(N, C_out, L_out)``.
    """
    _args.check_spatial(x, 1)
    return deconvolution_nd(x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_3d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """3-dimensional deconvolution: :func:`deconvolution_nd` for ``(N, C, D, H, W)`` inputs.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C_in, D, H, W)``; ``W`` ``(C_in, C_out / groups, kd, kh, kw)``.

    Returns
    -------
    Variable
        Shape ``(N, C_out, D_out, H_out, W_out)``.
    """
    _args.check_spatial(x, 3)
    return deconvolution_nd(x, W, b, stride, pad, outsize, dilate, groups)
