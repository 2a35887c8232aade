"""spatial_transformer_sampler: bilinear sampling of an image at given points.

Written with F.*: the four neighbours of each point are gathered from the zero-padded image
(constant indices, ``F.get_item``) and mixed with weights that are linear in the point's
coordinates. So the output is bilinear in (image, coordinates) between pixel lines, and every
order of derivative is exact there (on a pixel line the coordinates' derivative is one-sided,
as any implementation's).
"""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.functions.array.spatial_transformer_grid import _use_cudnn_kwargs
from kusari.utils import type_check
from kusari.variable import as_variable


def _check(x, grid):
    label = 'SpatialTransformerSampler'
    type_check.check_float(label, 'x', x)
    if grid.dtype != x.dtype:
        type_check.fail(label, 'grid.dtype == x.dtype', '{} != {}'.format(grid.dtype, x.dtype))
    if x.ndim != 4:
        type_check.fail(label, 'x.ndim == 4', 'x.shape={}'.format(x.shape))
    if grid.ndim != 4 or grid.shape[1] != 2:
        type_check.fail(label, 'grid.ndim == 4 and grid.shape[1] == 2',
                        'grid.shape={}'.format(grid.shape))
    if x.shape[0] != grid.shape[0]:
        type_check.fail(label, 'x.shape[0] == grid.shape[0]',
                        'x.shape={}, grid.shape={}'.format(x.shape, grid.shape))


def _axis(g, size):
    """The padded pixel coordinate of the normalized ``g`` (a Variable), clipped to
    ``[0, size + 1]`` (where clipped it is a constant), and its lower neighbour."""
    from kusari.functions.array.where import where
    dt = g.dtype.type
    u = (g + dt(1)) * dt((size - 1) / 2) + dt(1)
    ua = u.array
    xp = backend.get_array_module(ua)
    clipped = xp.clip(ua, 0, size + 1)
    inside = (ua > 0) & (ua < size + 1)
    u = where(inside, u, clipped.astype(ua.dtype))
    low = xp.clip(xp.floor(clipped).astype(numpy.int64), 0, size)
    return u, low


def spatial_transformer_sampler(x, grid, **kwargs):
    """Sample ``x`` bilinearly at the points of ``grid`` (Spatial Transformer Networks).

    Coordinates are scaled to ``[-1, 1]``: ``(-1, -1)`` is the centre of the upper-left pixel
    and ``(1, 1)`` that of the lower-right one. Points outside the image read a zero border.

    Parameters
    ----------
    x : Variable or array
        Shape ``(n, c_I, h, w)``, float.
    grid : Variable or array
        Shape ``(n, 2, h_O, w_O)``, dtype of ``x``: ``grid[:, 0]`` the horizontal and
        ``grid[:, 1]`` the vertical coordinate of each output pixel (e.g. from
        :func:`spatial_transformer_grid`).

    Returns
    -------
    Variable
        Shape ``(n, c_I, h_O, w_O)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(4, dtype=numpy.float32).reshape(1, 1, 2, 2)
    >>> grid = numpy.zeros((1, 2, 1, 1), numpy.float32)   # the centre of the image
    >>> F.spatial_transformer_sampler(x, grid).array
    array([[[[1.5]]]], dtype=float32)
    """
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.get_item import get_item
    from kusari.functions.array.pad import pad
    from kusari.functions.array.reshape import reshape
    from kusari.functions.array.stack import stack
    from kusari.functions.array.transpose import transpose
    from kusari.functions.math.sum import sum as _sum
    _use_cudnn_kwargs('spatial_transformer_sampler', kwargs)
    x = as_variable(x)
    grid = as_variable(grid)
    if config.type_check:
        _check(x.array, grid.array)
    xp = backend.get_array_module(x.array)
    n, c, h, w = x.shape
    out_h, out_w = grid.shape[2:]
    p = out_h * out_w
    dt = x.dtype.type
    g = reshape(grid, (n, 2, p))
    u, u0 = _axis(g[:, 0], w)
    v, v0 = _axis(g[:, 1], h)
    wu1 = u - u0.astype(x.dtype)            # the weight of the right neighbour
    wu0 = dt(1) - wu1
    wv1 = v - v0.astype(x.dtype)            # of the lower neighbour
    wv0 = dt(1) - wv1
    # the four neighbours of every point, gathered at once from the padded image as rows
    base = xp.arange(n)[:, None] * (h + 2)
    index = xp.stack([((base + v0 + dv) * (w + 2) + u0 + du).ravel()
                      for dv in (0, 1) for du in (0, 1)])           # (4, n * p)
    rows = reshape(transpose(pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), 'constant'),
                             (0, 2, 3, 1)), (-1, c))
    corners = reshape(get_item(rows, index.ravel()), (4, n * p, c))
    weights = stack([wv0 * wu0, wv0 * wu1, wv1 * wu0, wv1 * wu1])   # (4, n, p)
    weights = broadcast_to(reshape(weights, (4, n * p, 1)), corners.shape)
    y = _sum(corners * weights, axis=0)                            # (n * p, c)
    return transpose(reshape(y, (n, out_h, out_w, c)), (0, 3, 1, 2))
