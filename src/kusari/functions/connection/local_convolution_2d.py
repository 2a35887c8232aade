"""local_convolution_2d: a convolution whose filters are not shared between output positions.

The forward takes the patches of ``x`` as a strided view and does one batched matrix product
per output position. The backward is written with F.* (``im2col``, its adjoint
``Im2ColGrad``, ``matmul``), so every order of derivative is exact.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _pair(x):
    if hasattr(x, '__getitem__'):
        return tuple(x)
    return x, x


def _patches(x, kh, kw, sy, sx, out_h, out_w):
    """The view ``(n, c, out_h, out_w, kh, kw)`` of the patches of ``x``."""
    xp = backend.get_array_module(x)
    n, c = x.shape[:2]
    s0, s1, s2, s3 = x.strides
    return xp.lib.stride_tricks.as_strided(
        x, (n, c, out_h, out_w, kh, kw), (s0, s1, s2 * sy, s3 * sx, s2, s3))


class LocalConvolution2DFunction(FunctionNode):
    """``y[n, o, i, j] = sum_{c, k, l} W[o, i, j, c, k, l] x[n, c, i sy + k, j sx + l]
    (+ b[o, i, j])``."""

    def __init__(self, stride=1):
        self.sy, self.sx = _pair(stride)

    def _check_data_type_forward(self, in_data):
        label = self.label
        if not 2 <= len(in_data) <= 3:
            type_check.fail(label, '2 <= in_types.size() <= 3',
                            'in_types.size() == {}'.format(len(in_data)))
        x, w = in_data[:2]
        type_check.check_float(label, 'x', x)
        type_check.check_float(label, 'W', w)
        if x.ndim != 4 or w.ndim != 6:
            type_check.fail(label, 'x.ndim == 4 and W.ndim == 6',
                            'x.shape={}, W.shape={}'.format(x.shape, w.shape))
        if x.shape[1] != w.shape[3]:
            type_check.fail(label, 'x.shape[1] == W.shape[3]',
                            'x.shape={}, W.shape={}'.format(x.shape, w.shape))
        out_h = (x.shape[2] - w.shape[4]) // self.sy + 1
        out_w = (x.shape[3] - w.shape[5]) // self.sx + 1
        if w.shape[1] > out_h or w.shape[2] > out_w or min(w.shape[1:3]) < 1:
            type_check.fail(label, '1 <= W.shape[1] <= out_h and 1 <= W.shape[2] <= out_w',
                            'W.shape={}, out_h={}, out_w={} (x.shape={}, stride={})'.format(
                                w.shape, out_h, out_w, x.shape, (self.sy, self.sx)))
        if len(in_data) == 3:
            b = in_data[2]
            if b.dtype != x.dtype or b.shape != w.shape[:3]:
                type_check.fail(label, 'b.dtype == x.dtype and b.shape == W.shape[:3]',
                                'b: {} {}, x.dtype={}, W.shape={}'.format(
                                    b.shape, b.dtype, x.dtype, w.shape))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, w = inputs[:2]
        xp = backend.get_array_module(x)
        out_c, out_h, out_w, c, kh, kw = w.shape
        n = x.shape[0]
        dtype = xp.result_type(x.dtype, w.dtype)
        cols = _patches(x, kh, kw, self.sy, self.sx, out_h, out_w).transpose(2, 3, 0, 1, 4, 5)
        cols = cols.reshape(out_h * out_w, n, c * kh * kw).astype(dtype, copy=False)
        wm = w.transpose(1, 2, 3, 4, 5, 0).reshape(out_h * out_w, c * kh * kw, out_c)
        y = xp.matmul(cols, wm.astype(dtype, copy=False))          # (oh * ow, n, out_c)
        y = y.transpose(1, 2, 0).reshape(n, out_c, out_h, out_w).astype(x.dtype)
        if len(inputs) == 3:
            y += inputs[2]
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.cast import cast
        from kusari.functions.array.im2col import Im2ColGrad, im2col
        from kusari.functions.array.pad import pad
        from kusari.functions.array.reshape import reshape
        from kusari.functions.array.transpose import transpose
        from kusari.functions.math.basic_math import matmul
        from kusari.functions.math.sum import sum as _sum
        x, w = self.get_retained_inputs()
        gy, = grad_outputs
        out_c, out_h, out_w, c, kh, kw = w.shape
        n = x.shape[0]
        ksize, stride = (kh, kw), (self.sy, self.sx)
        p = out_h * out_w
        gy_t = transpose(reshape(gy, (n, out_c, p)), (2, 0, 1))         # (p, n, out_c)
        ret = []
        for i in indexes:
            if i == 0:
                w_t = reshape(transpose(cast(w, x.dtype), (1, 2, 0, 3, 4, 5)), (p, out_c, -1))
                gcol = reshape(transpose(matmul(gy_t, w_t), (1, 2, 0)), (n, -1, out_h, out_w))
                full_h = (x.shape[2] - kh) // self.sy + 1
                full_w = (x.shape[3] - kw) // self.sx + 1
                if (full_h, full_w) != (out_h, out_w):
                    gcol = pad(gcol, ((0, 0), (0, 0), (0, full_h - out_h),
                                      (0, full_w - out_w)), 'constant')
                ret.append(Im2ColGrad(ksize, stride, 0, False, 1, x.shape).apply((gcol,))[0])
            elif i == 1:
                col = im2col(x, ksize, stride)[:, :, :out_h, :out_w]
                col_t = transpose(reshape(col, (n, -1, p)), (2, 0, 1))    # (p, n, c kh kw)
                gw = matmul(gy_t, col_t, transa=True)                     # (p, out_c, c kh kw)
                gw = transpose(reshape(gw, (out_h, out_w, out_c, c, kh, kw)), (2, 0, 1, 3, 4, 5))
                ret.append(cast(gw, w.dtype))
            else:
                ret.append(_sum(gy, axis=0))
        return tuple(ret)


def local_convolution_2d(x, W, b=None, stride=1):
    """Two-dimensional locally connected layer: a convolution with a separate filter for each
    output position (no padding).

    ``y[n, o, i, j] = sum_{c, k, l} W[o, i, j, c, k, l] * x[n, c, i * s_Y + k, j * s_X + l]
    + b[o, i, j]``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(n, c_I, h, w)``, float.
    W : Variable or array
        Shape ``(c_O, h_O, w_O, c_I, k_H, k_W)``, float (its dtype may differ from ``x``'s);
        ``h_O <= (h - k_H) // s_Y + 1`` and ``w_O <= (w - k_W) // s_X + 1``.
    b : Variable or array, optional
        Shape ``(c_O, h_O, w_O)``, dtype of ``x``.
    stride : int or pair of ints
        ``(s_Y, s_X)``.

    Returns
    -------
    Variable
        Shape ``(n, c_O, h_O, w_O)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 3, 7, 7), numpy.float32)
    >>> W = numpy.ones((2, 5, 5, 3, 3, 3), numpy.float32)
    >>> F.local_convolution_2d(x, W).shape
    (2, 2, 5, 5)
    """
    args = (x, W) if b is None else (x, W, b)
    return LocalConvolution2DFunction(stride).apply(args)[0]
