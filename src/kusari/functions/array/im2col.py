"""im2col: extract convolution patches as channels; the backward is col2im (every order).

The kernels here slice the padded image once per kernel offset (``kh * kw`` array copies,
no loop over pixels or batch elements). The convolution functions keep their own kernels.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _pair(x):
    if hasattr(x, '__getitem__'):
        return tuple(x)
    return x, x


def _outsize(size, k, s, p, cover_all, d):
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def _im2col(x, kh, kw, sy, sx, ph, pw, cover_all, dy, dx):
    """``(n, c, h, w)`` to ``(n, c, kh, kw, out_h, out_w)``."""
    xp = backend.get_array_module(x)
    n, c, h, w = x.shape
    out_h = _outsize(h, kh, sy, ph, cover_all, dy)
    out_w = _outsize(w, kw, sx, pw, cover_all, dx)
    img = xp.pad(x, ((0, 0), (0, 0), (ph, ph + sy - 1), (pw, pw + sx - 1)))
    col = xp.empty((n, c, kh, kw, out_h, out_w), x.dtype)
    for j in range(kh):
        j0 = j * dy
        for i in range(kw):
            i0 = i * dx
            col[:, :, j, i] = img[:, :, j0:j0 + sy * out_h:sy, i0:i0 + sx * out_w:sx]
    return col


def _col2im(col, sy, sx, ph, pw, h, w, dy, dx):
    """The adjoint of :func:`_im2col`: add the patches back into an ``(n, c, h, w)`` image."""
    xp = backend.get_array_module(col)
    n, c, kh, kw, out_h, out_w = col.shape
    img = xp.zeros((n, c, h + 2 * ph + sy - 1, w + 2 * pw + sx - 1), col.dtype)
    for j in range(kh):
        j0 = j * dy
        for i in range(kw):
            i0 = i * dx
            img[:, :, j0:j0 + sy * out_h:sy, i0:i0 + sx * out_w:sx] += col[:, :, j, i]
    return img[:, :, ph:h + ph, pw:w + pw]


class _Im2ColBase(FunctionNode):
    def __init__(self, ksize, stride, pad, cover_all, dilate):
        self.kh, self.kw = _pair(ksize)
        self.sy, self.sx = _pair(stride)
        self.ph, self.pw = _pair(pad)
        self.dy, self.dx = _pair(dilate)
        self.cover_all = cover_all

    def _params(self):
        return ((self.kh, self.kw), (self.sy, self.sx), (self.ph, self.pw), self.cover_all,
                (self.dy, self.dx))


class Im2Col(_Im2ColBase):
    """``(n, c, h, w)`` to ``(n, c * kh * kw, out_h, out_w)``."""

    def _check_data_type_forward(self, in_data):
        x, = in_data
        label = self.label
        type_check.check_float(label, 'x', x)
        if x.ndim != 4:
            type_check.fail(label, 'x.ndim == 4', 'x.ndim={}'.format(x.ndim))
        out_h = _outsize(x.shape[2], self.kh, self.sy, self.ph, self.cover_all, self.dy)
        out_w = _outsize(x.shape[3], self.kw, self.sx, self.pw, self.cover_all, self.dx)
        if out_h <= 0 or out_w <= 0:
            type_check.fail(label, 'the output height and width are positive',
                            'out_h={}, out_w={} (x.shape={})'.format(out_h, out_w, x.shape))

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        col = _im2col(x, self.kh, self.kw, self.sy, self.sx, self.ph, self.pw,
                      self.cover_all, self.dy, self.dx)
        n, c, kh, kw, out_h, out_w = col.shape
        return col.reshape(n, c * kh * kw, out_h, out_w),

    def backward(self, indexes, grad_outputs):
        return Im2ColGrad(*self._params(), self._x_shape).apply(grad_outputs)


class Im2ColGrad(_Im2ColBase):
    """col2im: ``(n, c * kh * kw, out_h, out_w)`` back to ``(n, c, h, w)``; its backward is
    :class:`Im2Col`, so every order is exact."""

    def __init__(self, ksize, stride, pad, cover_all, dilate, in_shape):
        super().__init__(ksize, stride, pad, cover_all, dilate)
        self.in_shape = in_shape

    def forward(self, inputs):
        gy, = inputs
        _, c, h, w = self.in_shape
        n, _, out_h, out_w = gy.shape
        col = gy.reshape(n, c, self.kh, self.kw, out_h, out_w)
        return _col2im(col, self.sy, self.sx, self.ph, self.pw, h, w, self.dy, self.dx),

    def backward(self, indexes, grad_outputs):
        return Im2Col(*self._params()).apply(grad_outputs)


def im2col(x, ksize, stride=1, pad=0, cover_all=False, dilate=1):
    """Extract the patches a convolution sees, stacked along the channel axis.

    Output channel ``c * kh * kw + i * kw + j`` at ``(y, x)`` is input channel ``c`` at
    ``(y * sy - ph + i * dy, x * sx - pw + j * dx)`` (zero outside the image).

    Parameters
    ----------
    x : Variable or array
        Shape ``(n, c, h, w)``, float dtype.
    ksize : int or pair of ints
        Kernel size ``(kh, kw)``.
    stride : int or pair of ints
        Stride ``(sy, sx)``.
    pad : int or pair of ints
        Zero padding ``(ph, pw)`` on each side.
    cover_all : bool
        Pad enough at the far end that every input pixel is covered (as in pooling).
    dilate : int or pair of ints
        Kernel dilation ``(dy, dx)``.

    Returns
    -------
    Variable
        Shape ``(n, c * kh * kw, out_h, out_w)``, with
        ``out_h = (h + 2 * ph - (kh - 1) * dy - 1) // sy + 1`` (plus ``sy - 1`` before the
        division when ``cover_all``), and likewise ``out_w``.
    """
    return Im2Col(ksize, stride, pad, cover_all, dilate).apply((x,))[0]
