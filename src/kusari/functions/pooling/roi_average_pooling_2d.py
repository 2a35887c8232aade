"""roi_average_pooling_2d: average pooling over regions of interest.

For fixed rois the output is ``Ay @ x[batch] @ Ax^T`` per roi with constant averaging
matrices, so the gradients are the adjoint and the forward again (``_roi.Separable``): exact
to every order with respect to ``x``. ``rois`` and ``roi_indices`` get no gradient.
"""
from kusari.functions.pooling import _roi


class ROIAveragePooling2D(_roi.ROIAverageBase):
    """RoI average pooling of ``x`` with ``rois`` ``(y_min, x_min, y_max, x_max)``."""

    def __init__(self, outsize, spatial_scale):
        self.outh, self.outw = _roi.check_outsize(outsize)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale)

    def _matrices(self, x, rois, roi_indices):
        h, w = x.shape[2:]
        bins = _roi.box_bins(_roi.integer_boxes(rois, self.spatial_scale), self.outh,
                             self.outw, h, w)
        return _roi.box_matrices(bins, h, w)


def roi_average_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Spatial region of interest (RoI) average pooling.

    The bins are those of :func:`roi_max_pooling_2d`; each output is the mean of its bin per
    channel, and an empty bin gives 0.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``, float.
    rois : Variable or array
        Shape ``(R, 4)`` of ``(y_min, x_min, y_max, x_max)``, dtype of ``x``.
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
    >>> F.roi_average_pooling_2d(x, rois, numpy.zeros(1, numpy.int32), 2, 1.0).array
    array([[[[ 2.5,  4.5],
             [10.5, 12.5]]]], dtype=float32)
    """
    return ROIAveragePooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))[0]
