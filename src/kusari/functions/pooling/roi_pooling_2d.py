"""roi_pooling_2d: max pooling over regions of interest (Fast R-CNN).

The forward finds, for each roi, channel and output bin, the position of the maximum; the
backward scatters ``gy`` to those (constant) positions and its backward gathers from them,
so every order of derivative with respect to ``x`` is exact (``_roi.py``). ``rois`` get no
gradient.
"""
from kusari.functions.pooling import _roi


class ROIPooling2D(_roi.ROIMaxBase):
    """RoI max pooling of ``x`` with ``rois`` ``(batch_index, x_min, y_min, x_max, y_max)``."""

    def __init__(self, outh, outw, spatial_scale):
        self.outh, self.outw = outh, outw
        self.spatial_scale = spatial_scale

    def _check_data_type_forward(self, in_data):
        _roi.check_roi_inputs(self.label, in_data, with_indices=False)

    def _select(self, x, rois):
        boxes, batch = [], []
        for roi in rois:
            xmin, ymin, xmax, ymax = [int(round(float(v) * self.spatial_scale))
                                      for v in roi[1:]]
            boxes.append((ymin, xmin, max(ymax - ymin + 1, 1), max(xmax - xmin + 1, 1)))
            batch.append(int(roi[0]))
        bins = _roi.box_bins(boxes, self.outh, self.outw, *x.shape[2:])
        index, empty = _roi.max_bins(x, batch, bins)
        return index, None, empty


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
