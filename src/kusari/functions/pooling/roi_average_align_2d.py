"""roi_average_align_2d: RoIAlign with average pooling (Mask R-CNN).

Bilinear sampling on a regular grid of each bin is separable, so each roi's output is
``Ay @ x[batch] @ Ax^T`` with constant interpolation matrices ``Ay`` ``(outh, H)`` and ``Ax``
``(outw, W)``. The backward is the adjoint ``Ay^T @ gy @ Ax`` and its backward the forward
again, so every order of derivative with respect to ``x`` is exact. ``rois`` and
``roi_indices`` get no gradient.
"""
import collections.abc

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _pair(x):
    if isinstance(x, collections.abc.Iterable):
        return tuple(x)
    return x, x


def _axis_weights(start, length, n_out, grid, limit):
    """The ``(n_out, limit)`` matrix of the summed bilinear weights along one axis."""
    bin_size = length / n_out
    p = numpy.arange(n_out)[:, None]
    g = numpy.arange(grid)[None, :]
    pos = start + p * bin_size + (g + 0.5) * bin_size / grid            # (n_out, grid)
    valid = (pos >= -1.0) & (pos <= limit)
    pos = numpy.maximum(pos, 0.0)
    low = numpy.floor(pos).astype(numpy.int64)
    clamp = low >= limit - 1
    low = numpy.where(clamp, limit - 1, low)
    high = numpy.where(clamp, limit - 1, low + 1)
    pos = numpy.where(clamp, low.astype(numpy.float64), pos)
    lw = pos - low
    hw = 1.0 - lw
    m = numpy.zeros((n_out, limit))
    rows = numpy.broadcast_to(numpy.arange(n_out)[:, None], pos.shape)
    numpy.add.at(m, (rows[valid], low[valid]), hw[valid])
    numpy.add.at(m, (rows[valid], high[valid]), lw[valid])
    return m


def _interp_matrices(rois, outh, outw, spatial_scale, sampling_ratio, h, w):
    ays, axs, counts = [], [], []
    for roi in numpy.asarray(rois, numpy.float64):
        y0, x0, y1, x1 = roi * spatial_scale
        rh = max(y1 - y0, 1.0)
        rw = max(x1 - x0, 1.0)
        gh = sampling_ratio[0] or int(numpy.ceil(rh / outh))
        gw = sampling_ratio[1] or int(numpy.ceil(rw / outw))
        ays.append(_axis_weights(y0, rh, outh, gh, h))
        axs.append(_axis_weights(x0, rw, outw, gw, w))
        counts.append(float(gh * gw))
    return ays, axs, counts


def _apply(x, ays, axs, counts, roi_indices):
    r = len(ays)
    c = x.shape[1]
    outh = ays[0].shape[0] if r else 0
    outw = axs[0].shape[0] if r else 0
    ct = numpy.dtype(numpy.float32 if x.dtype == numpy.float16 else x.dtype).type
    y = numpy.empty((r, c, outh, outw), ct)
    for k in range(r):
        img = x[int(roi_indices[k])].astype(ct, copy=False)
        y[k] = ays[k].astype(ct) @ img @ axs[k].T.astype(ct) / ct(counts[k])
    return y.astype(x.dtype, copy=False)


def _apply_t(gy, ays, axs, counts, roi_indices, x_shape):
    ct = numpy.dtype(numpy.float32 if gy.dtype == numpy.float16 else gy.dtype).type
    gx = numpy.zeros(x_shape, ct)
    for k in range(len(ays)):
        g = gy[k].astype(ct, copy=False)
        gx[int(roi_indices[k])] += ays[k].T.astype(ct) @ g @ axs[k].astype(ct) / ct(counts[k])
    return gx.astype(gy.dtype, copy=False)


class ROIAverageAlign2D(FunctionNode):
    """RoI average align of ``x`` with ``rois`` ``(y_min, x_min, y_max, x_max)``."""

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        outh, outw = _pair(outsize)
        if not (isinstance(outh, int) and outh > 0):
            raise TypeError('outsize[0] must be positive integer: {}, {}'.format(
                type(outh), outh))
        if not (isinstance(outw, int) and outw > 0):
            raise TypeError('outsize[1] must be positive integer: {}, {}'.format(
                type(outw), outw))
        if isinstance(spatial_scale, int):
            spatial_scale = float(spatial_scale)
        if not (isinstance(spatial_scale, float) and spatial_scale > 0):
            raise TypeError('spatial_scale must be a positive float number: {}, {}'.format(
                type(spatial_scale), spatial_scale))
        sampling_ratio = _pair(sampling_ratio)
        if not all((isinstance(s, int) and s >= 1) or s is None for s in sampling_ratio):
            raise TypeError('sampling_ratio must be integer >= 1 or a pair of it: {}'.format(
                sampling_ratio))
        self.outh, self.outw = outh, outw
        self.spatial_scale = spatial_scale
        self.sampling_ratio = sampling_ratio

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != 3:
            type_check.fail(label, 'in_types.size() == 3',
                            'in_types.size() == {}'.format(len(in_data)))
        x, rois, idx = in_data
        type_check.check_float(label, 'x', x)
        if x.ndim != 4:
            type_check.fail(label, 'x.ndim == 4', 'x.shape={}'.format(x.shape))
        if x.dtype != rois.dtype:
            type_check.fail(label, 'x.dtype == rois.dtype',
                            '{} != {}'.format(x.dtype, rois.dtype))
        if rois.ndim != 2 or rois.shape[1] != 4:
            type_check.fail(label, 'rois.ndim == 2 and rois.shape[1] == 4',
                            'rois.shape={}'.format(rois.shape))
        if idx.dtype != numpy.int32:
            type_check.fail(label, 'roi_indices.dtype == int32',
                            'roi_indices.dtype={}'.format(idx.dtype))
        if idx.ndim != 1 or idx.shape[0] != rois.shape[0]:
            type_check.fail(label, 'roi_indices.shape == (rois.shape[0],)',
                            'roi_indices.shape={}, rois.shape={}'.format(idx.shape,
                                                                         rois.shape))

    def forward(self, inputs):
        x, rois, idx = inputs
        xp = backend.get_array_module(x)
        cpu = backend.CpuDevice()
        x = cpu.send(x)
        self._x_shape = x.shape
        self._idx = cpu.send(idx)
        self._mats = _interp_matrices(cpu.send(rois), self.outh, self.outw,
                                      self.spatial_scale, self.sampling_ratio, *x.shape[2:])
        return xp.asarray(_apply(x, *self._mats, self._idx)),

    def backward(self, indexes, grad_outputs):
        return tuple(_AlignT(self._mats, self._idx, self._x_shape).apply(grad_outputs)[0]
                     if i == 0 else None for i in indexes)


class _AlignT(FunctionNode):
    def __init__(self, mats, idx, x_shape):
        self.mats = mats
        self.idx = idx
        self.x_shape = x_shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        return xp.asarray(_apply_t(backend.CpuDevice().send(gy), *self.mats, self.idx,
                                   self.x_shape)),

    def backward(self, indexes, grad_outputs):
        return _Align(self.mats, self.idx, self.x_shape).apply(grad_outputs)


class _Align(FunctionNode):
    def __init__(self, mats, idx, x_shape):
        self.mats = mats
        self.idx = idx
        self.x_shape = x_shape

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        return xp.asarray(_apply(backend.CpuDevice().send(x), *self.mats, self.idx)),

    def backward(self, indexes, grad_outputs):
        return _AlignT(self.mats, self.idx, self.x_shape).apply(grad_outputs)


def roi_average_align_2d(x, rois, roi_indices, outsize, spatial_scale, sampling_ratio=None):
    """Spatial region of interest (RoI) average align.

    Each roi ``(y_min, x_min, y_max, x_max)`` (times ``spatial_scale``) is divided into
    ``outh x outw`` bins; each bin averages ``x`` bilinearly sampled on a regular grid of
    ``sampling_ratio`` points per axis (``ceil(roi size / out size)`` when None).

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    rois : Variable or array
        Shape ``(R, 4)``, dtype of ``x``.
    roi_indices : Variable or array
        ``int32`` of shape ``(R,)``: the batch index of each roi.
    outsize : int or pair of ints
        ``(outh, outw)``.
    spatial_scale : float
        Scale from roi coordinates to ``x``'s pixel coordinates.
    sampling_ratio : int or pair of ints, optional
        Sampling points per bin along each axis.

    Returns
    -------
    Variable
        Shape ``(R, C, outh, outw)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((1, 2, 6, 6), numpy.float32)
    >>> rois = numpy.array([[0, 0, 4, 4]], numpy.float32)
    >>> idx = numpy.zeros(1, numpy.int32)
    >>> F.roi_average_align_2d(x, rois, idx, 2, 1.0).shape
    (1, 2, 2, 2)
    """
    return ROIAverageAlign2D(outsize, spatial_scale, sampling_ratio).apply(
        (x, rois, roi_indices))[0]
