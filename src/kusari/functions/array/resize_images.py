"""resize_images: bilinear or nearest resampling of images.

Both modes are separable: ``y = A_h @ x @ A_w^T`` with constant interpolation matrices
``A_h`` (``out_H x H``) and ``A_w`` (``out_W x W``). The function is composed of two matrix
products, so it is differentiable to every order and its gradient is exact.
"""
import numpy

from kusari import backend
from kusari.utils import type_check


def _coords(out_size, in_size, mode, align_corners):
    """Source rows (``index``, ``index + 1`` clamped) and the weight of the second one."""
    if mode == 'bilinear':
        if align_corners:
            pos = numpy.linspace(0, in_size - 1, num=out_size)
        else:
            pos = (numpy.arange(out_size) + 0.5) * (in_size / out_size) - 0.5
            pos = numpy.maximum(pos, 0)
        frac, index = numpy.modf(pos)
    else:
        index = numpy.minimum(numpy.floor(numpy.arange(out_size) * (in_size / out_size)),
                              in_size - 1)
        frac = numpy.zeros_like(index)
    return index.astype(numpy.intp), frac


def _matrix(out_size, in_size, mode, align_corners):
    index, frac = _coords(out_size, in_size, mode, align_corners)
    a = numpy.zeros((out_size, in_size))
    rows = numpy.arange(out_size)
    numpy.add.at(a, (rows, index), 1 - frac)
    numpy.add.at(a, (rows, numpy.minimum(index + 1, in_size - 1)), frac)
    return a


def resize_images(x, output_shape, *, mode='bilinear', align_corners=True):
    """Resize images to ``output_shape`` by bilinear or nearest-neighbour interpolation.

    With ``align_corners`` the corner pixels of input and output are aligned (output pixel
    ``i`` samples input row ``i * (H - 1) / (out_H - 1)``); otherwise pixel centers are
    (``(i + 0.5) * H / out_H - 0.5``, clamped at 0). ``'nearest'`` takes input row
    ``floor(i * H / out_H)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(B, C, H, W)``, float dtype.
    output_shape : pair of ints
        ``(out_H, out_W)``.
    mode : {'bilinear', 'nearest'}
        The interpolation.
    align_corners : bool
        How bilinear coordinates map (ignored by ``'nearest'``).

    Returns
    -------
    Variable
        Shape ``(B, C, out_H, out_W)``, dtype of ``x``.
    """
    from kusari.functions.math.basic_math import matmul
    if mode not in ('bilinear', 'nearest'):
        raise ValueError("mode must be 'bilinear' or 'nearest', got {!r}".format(mode))
    type_check.check_float('ResizeImages', 'x', x)
    if x.ndim != 4:
        type_check.fail('ResizeImages', 'x.ndim == 4', 'x.ndim={}'.format(x.ndim))
    out_h, out_w = (int(s) for s in output_shape)
    _, _, h, w = x.shape
    xp = backend.get_array_module(x)
    a_h = xp.asarray(_matrix(out_h, h, mode, align_corners).astype(x.dtype))
    a_w = xp.asarray(_matrix(out_w, w, mode, align_corners).T.astype(x.dtype))
    return matmul(a_h, matmul(x, a_w))
