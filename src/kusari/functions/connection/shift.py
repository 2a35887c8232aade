"""shift: the zero-FLOP, zero-parameter spatial shift (Wu et al.,
https://arxiv.org/abs/1711.08141), differentiable to every order.

The channels are split into ``kh * kw`` groups; each group is moved by one offset of the
``kh x kw`` grid (times the dilation), with zeros shifted in. The center group (offset 0)
comes last, and channels left over after equal groups also stay in place. The map is
linear and its adjoint is the opposite shift (negated dilation), so the backward is
``shift`` again.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _pair(v):
    if hasattr(v, '__getitem__'):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def _group_offsets(channels, kh, kw):
    """``(start, stop, ky, kx)`` of each channel group (grid offsets, center last)."""
    n_groups = kh * kw
    size = channels // n_groups
    center = (n_groups - 1) // 2
    out = []
    for i in range(n_groups):
        g = n_groups - 1 if i == center else center if i == n_groups - 1 else i
        stop = (i + 1) * size if i < n_groups - 1 else channels
        out.append((i * size, stop, g // kw - kh // 2, g % kw - kw // 2))
    return out


def _shifted(x, kh, kw, dy, dx):
    xp = backend.get_array_module(x)
    y = xp.zeros_like(x)
    h, w = x.shape[2:]
    for start, stop, ky, kx in _group_offsets(x.shape[1], kh, kw):
        sy, sx = ky * dy, kx * dx      # y[..., i, j] = x[..., i - sy, j - sx]
        if abs(sy) >= h or abs(sx) >= w:
            continue
        y[:, start:stop, max(sy, 0):h + min(sy, 0), max(sx, 0):w + min(sx, 0)] = \
            x[:, start:stop, max(-sy, 0):h - max(sy, 0), max(-sx, 0):w - max(sx, 0)]
    return y


class Shift(FunctionNode):
    """Shift channel groups of an ``(N, C, H, W)`` input; see the module docstring."""

    def __init__(self, ksize=3, dilate=1):
        self.kh, self.kw = _pair(ksize)
        if self.kh % 2 != 1:
            raise ValueError('kh must be odd, got {}'.format(self.kh))
        if self.kw % 2 != 1:
            raise ValueError('kw must be odd, got {}'.format(self.kw))
        self.dy, self.dx = _pair(dilate)

    def _check_data_type_forward(self, in_data):
        x, = in_data
        type_check.check_float(self.label, 'x', x)
        if x.ndim != 4:
            type_check.fail(self.label, 'x.ndim == 4', 'x.ndim={}'.format(x.ndim))
        if x.shape[1] < self.kh * self.kw:
            type_check.fail(self.label, 'x.shape[1] >= kh * kw',
                            '{} < {} * {}'.format(x.shape[1], self.kh, self.kw))

    def forward(self, inputs):
        return _shifted(inputs[0], self.kh, self.kw, self.dy, self.dx),

    def backward(self, indexes, grad_outputs):
        return Shift((self.kh, self.kw), (-self.dy, -self.dx)).apply(grad_outputs)


def shift(x, ksize=3, dilate=1):
    """Shift each group of channels by one offset of a ``ksize`` grid.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, H, W)``, float dtype, ``C >= kh * kw``.
    ksize : int or pair of int
        Odd grid size ``(kh, kw)``.
    dilate : int or pair of int
        Spacing of the grid (the offsets are multiplied by it).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    Raises
    ------
    ValueError
        If a kernel size is even.
    InvalidType
        If ``x`` is not a 4-D float array with at least ``kh * kw`` channels.
    """
    return Shift(ksize, dilate).apply((x,))[0]
