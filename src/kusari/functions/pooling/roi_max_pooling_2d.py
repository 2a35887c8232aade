"""roi_max_pooling_2d: max pooling over regions of interest given with their batch indices.

The forward finds the position of each bin's maximum; the gradients scatter to and gather from
those constant positions (``_roi.py``), so every order of derivative with respect to ``x`` is
exact. ``rois`` and ``roi_indices`` get no gradient.
"""
from kusari.functions.pooling import _roi
from kusari.functions.pooling._roi import integer_boxes  # noqa: F401 - its home before _roi


class ROIMaxPooling2D(_roi.ROIMaxBase):
    """RoI max pooling of ``x`` with ``rois`` ``(y_min, x_min, y_max, x_max)``."""

    empty_value = -float('inf')

    def __init__(self, outsize, spatial_scale):
        self.outh, self.outw = _roi.check_outsize(outsize)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale)

    def _select(self, x, rois, roi_indices):
        bins = _roi.box_bins(_roi.integer_boxes(rois, self.spatial_scale), self.outh, self.outw,
                             *x.shape[2:])
        index, empty = _roi.max_bins(x, [int(i) for i in roi_indices], bins)
        return index, None, empty


def roi_max_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Spatial region of interest (RoI) max pooling.

    Each roi ``(y_min, x_min, y_max, x_max)`` is scaled by ``spatial_scale`` and rounded,
    divided into ``outh x outw`` bins (bin ``i`` of a roi of height ``h_r`` covers the rows
    ``floor(i * h_r / outh)`` to ``ceil((i + 1) * h_r / outh)`` past ``y_min``, clipped to the
    image), and the maximum of each bin is taken per channel. An empty bin gives ``-inf``
    (and no gradient).

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``, float.
    rois : Variable or array
        Shape ``(R, 4)``, dtype of ``x``.
    roi_indices : Variable or array
        ``int32`` of shape ``(R,)``: the image of each roi.
    outsize : int or pair of ints
        ``(outh, outw)``.
    spatial_scale : float
        Scale from roi coordinates to ``x``'s pixel coordinates.

    Returns
    -------
    Variable
        Shape ``(R, C, outh, outw)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(16, dtype=numpy.float32).reshape(1, 1, 4, 4)
    >>> rois = numpy.array([[0, 0, 4, 4]], numpy.float32)
    >>> F.roi_max_pooling_2d(x, rois, numpy.zeros(1, numpy.int32), 2, 1.0).array
    array([[[[ 5.,  7.],
             [13., 15.]]]], dtype=float32)
    """
    return ROIMaxPooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))[0]
