"""roi_pooling_2d: max pooling over regions of interest (Fast R-CNN).

The forward finds, for each roi, channel and output bin, the position of the maximum; the
backward scatters ``gy`` to those (constant) positions and its backward gathers from them,
so every order of derivative with respect to ``x`` is exact. ``rois`` get no gradient.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _bounds(start, bin_size, n_out, limit):
    p = numpy.arange(n_out)
    lo = numpy.floor(p * bin_size).astype(numpy.int64) + start
    hi = numpy.ceil((p + 1) * bin_size).astype(numpy.int64) + start
    return numpy.clip(lo, 0, limit), numpy.clip(hi, 0, limit)


def _roi_argmax(x, rois, outh, outw, spatial_scale):
    """Maxima ``(R, C, outh, outw)`` and flat argmax into ``x`` (-1 for empty bins)."""
    n, c, h, w = x.shape
    r = len(rois)
    y = numpy.zeros((r, c, outh, outw), x.dtype)
    arg = numpy.full((r, c, outh, outw), -1, numpy.int64)
    neg = numpy.asarray(-numpy.inf, x.dtype)
    for k in range(r):
        idx = int(rois[k, 0])
        xmin, ymin, xmax, ymax = [int(round(float(v) * spatial_scale)) for v in rois[k, 1:]]
        rh = max(ymax - ymin + 1, 1)
        rw = max(xmax - xmin + 1, 1)
        hs, he = _bounds(ymin, rh / outh, outh, h)
        ws, we = _bounds(xmin, rw / outw, outw, w)
        mh = (numpy.arange(h)[None] >= hs[:, None]) & (numpy.arange(h)[None] < he[:, None])
        mw = (numpy.arange(w)[None] >= ws[:, None]) & (numpy.arange(w)[None] < we[:, None])
        img = x[idx]                                              # (C, H, W)
        # max over the columns of each width bin: (C, H, outw)
        t = numpy.where(mw[None, None], img[:, :, None, :], neg)  # (C, H, outw, W)
        col_arg = t.argmax(axis=3)
        col_max = numpy.take_along_axis(t, col_arg[..., None], axis=3)[..., 0]
        # then over the rows of each height bin: (C, outh, outw)
        u = numpy.where(mh[None, :, :, None], col_max[:, None], neg)  # (C, outh, H, outw)
        row_arg = u.argmax(axis=2)                                # (C, outh, outw)
        val = numpy.take_along_axis(u, row_arg[:, :, None], axis=2)[:, :, 0]
        colsel = numpy.take_along_axis(
            col_arg.transpose(0, 2, 1)[:, None], row_arg[..., None], axis=3)[..., 0]
        empty = (he <= hs)[:, None] | (we <= ws)[None, :]          # (outh, outw)
        y[k] = numpy.where(empty, 0, val)
        pos = (idx * c + numpy.arange(c)[:, None, None]) * h * w + row_arg * w + colsel
        arg[k] = numpy.where(empty, -1, pos)
    return y, arg


def _scatter(gy, arg, x_shape):
    keep = arg.ravel() >= 0
    flat = numpy.bincount(arg.ravel()[keep], weights=gy.astype(numpy.float64).ravel()[keep],
                          minlength=int(numpy.prod(x_shape)))
    return flat.astype(gy.dtype).reshape(x_shape)


def _gather(x, arg):
    flat = x.ravel()
    return numpy.where(arg >= 0, flat[numpy.maximum(arg, 0)], 0).astype(x.dtype)


class ROIPooling2D(FunctionNode):
    """RoI max pooling of ``x`` with ``rois`` ``(batch_index, x_min, y_min, x_max, y_max)``."""

    def __init__(self, outh, outw, spatial_scale):
        self.outh, self.outw = outh, outw
        self.spatial_scale = spatial_scale

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != 2:
            type_check.fail(label, 'in_types.size() == 2',
                            'in_types.size() == {}'.format(len(in_data)))
        x, rois = in_data
        type_check.check_float(label, 'x', x)
        if x.ndim != 4:
            type_check.fail(label, 'x.ndim == 4', 'x.shape={}'.format(x.shape))
        if x.dtype != rois.dtype:
            type_check.fail(label, 'x.dtype == rois.dtype',
                            '{} != {}'.format(x.dtype, rois.dtype))
        if rois.ndim != 2 or rois.shape[1] != 5:
            type_check.fail(label, 'rois.ndim == 2 and rois.shape[1] == 5',
                            'rois.shape={}'.format(rois.shape))

    def forward(self, inputs):
        x, rois = inputs
        xp = backend.get_array_module(x)
        self._x_shape = x.shape
        y, arg = _roi_argmax(backend.CpuDevice().send(x), backend.CpuDevice().send(rois),
                             self.outh, self.outw, self.spatial_scale)
        self.argmax_data = arg
        return xp.asarray(y),

    def backward(self, indexes, grad_outputs):
        ret = []
        for i in indexes:
            ret.append(_ROIScatter(self.argmax_data, self._x_shape).apply(grad_outputs)[0]
                       if i == 0 else None)
        return tuple(ret)


class _ROIScatter(FunctionNode):
    def __init__(self, arg, x_shape):
        self.arg = arg
        self.x_shape = x_shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        return xp.asarray(_scatter(backend.CpuDevice().send(gy), self.arg, self.x_shape)),

    def backward(self, indexes, grad_outputs):
        return _ROIGather(self.arg, self.x_shape).apply(grad_outputs)


class _ROIGather(FunctionNode):
    def __init__(self, arg, x_shape):
        self.arg = arg
        self.x_shape = x_shape

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        return xp.asarray(_gather(backend.CpuDevice().send(x), self.arg)),

    def backward(self, indexes, grad_outputs):
        return _ROIScatter(self.arg, self.x_shape).apply(grad_outputs)


def roi_pooling_2d(x, rois, outh, outw, spatial_scale):
    """Spatial region of interest (RoI) max pooling.

    Each roi ``(batch_index, x_min, y_min, x_max, y_max)`` (scaled by ``spatial_scale`` and
    rounded) is divided into ``outh x outw`` bins and the maximum of each bin is taken per
    channel; an empty bin gives 0.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    rois : Variable or array
        Shape ``(R, 5)``, dtype of ``x``.
    outh, outw : int
        Output size.
    spatial_scale : float
        Scale from roi coordinates to ``x``'s pixel coordinates.

    Returns
    -------
    Variable
        Shape ``(R, C, outh, outw)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((1, 2, 6, 6), numpy.float32)
    >>> rois = numpy.array([[0, 0, 0, 3, 3]], numpy.float32)
    >>> F.roi_pooling_2d(x, rois, 2, 2, 1.0).shape
    (1, 2, 2, 2)
    """
    return ROIPooling2D(outh, outw, spatial_scale).apply((x, rois))[0]
