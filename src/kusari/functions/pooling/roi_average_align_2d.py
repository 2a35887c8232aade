"""roi_average_align_2d: RoIAlign with average pooling (Mask R-CNN).

Bilinear sampling on a regular grid of each bin is separable, so each roi's output is
``Ay @ x[batch] @ Ax^T`` with constant interpolation matrices ``Ay`` ``(outh, H)`` and ``Ax``
``(outw, W)``. The backward is the adjoint ``Ay^T @ gy @ Ax`` and its backward the forward
again (``_roi.Separable``), so every order of derivative with respect to ``x`` is exact.
``rois`` and ``roi_indices`` get no gradient.
"""
from kusari.functions.pooling import _roi


class ROIAverageAlign2D(_roi.ROIAverageBase):
    """RoI average align of ``x`` with ``rois`` ``(y_min, x_min, y_max, x_max)``."""

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        self.outh, self.outw = _roi.check_outsize(outsize)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale)
        self.sampling_ratio = _roi.check_sampling_ratio(sampling_ratio)

    def _matrices(self, x, rois, roi_indices):
        h, w = x.shape[2:]
        mats = []
        for ys, xs in _roi.roi_grids(rois, self.outh, self.outw, self.spatial_scale,
                                     self.sampling_ratio):
            ay, _ = _roi.sample_matrix(ys, h)          # (outh * gh, H)
            ax, _ = _roi.sample_matrix(xs, w)          # (outw * gw, W)
            gh, gw = ys.shape[1], xs.shape[1]
            mats.append((ay.reshape(self.outh, gh, h).sum(axis=1) / gh,
                         ax.reshape(self.outw, gw, w).sum(axis=1) / gw))
        return mats


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
