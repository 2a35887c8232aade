"""roi_max_align_2d: RoIAlign with max pooling.

Each bin samples ``x`` bilinearly on a regular grid and keeps the largest sample. For a fixed
choice of that sample the output is a weighted sum of four pixels, so the gradients scatter to
and gather from those constant pixels with constant weights (``_roi.SparseGather``): exact to
every order with respect to ``x``. ``rois`` and ``roi_indices`` get no gradient.
"""
import numpy

from kusari.functions.pooling import _roi


class ROIMaxAlign2D(_roi.ROIMaxBase):
    """RoI max align of ``x`` with ``rois`` ``(y_min, x_min, y_max, x_max)``."""

    empty_value = -float('inf')

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        self.outh, self.outw = _roi.check_outsize(outsize)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale)
        self.sampling_ratio = _roi.check_sampling_ratio(sampling_ratio)

    def _select(self, x, rois, roi_indices):
        n, c, h, w = x.shape
        outh, outw = self.outh, self.outw
        r = len(rois)
        index = numpy.zeros((r, c, outh, outw, 4), numpy.int64)
        weight = numpy.zeros((r, c, outh, outw, 4))
        empty = numpy.zeros((r, 1, outh, outw), bool)
        grids = _roi.roi_grids(rois, outh, outw, self.spatial_scale, self.sampling_ratio)
        for k, (ys, xs) in enumerate(grids):
            gh, gw = ys.shape[1], xs.shape[1]
            ay, vy = _roi.sample_matrix(ys, h)                  # (outh * gh, H)
            ax, vx = _roi.sample_matrix(xs, w)                  # (outw * gw, W)
            img = x[int(roi_indices[k])].astype(numpy.float64)
            s = ay @ img @ ax.T                                 # (C, outh * gh, outw * gw)
            s = numpy.where(vy[:, None] & vx[None, :], s, -numpy.inf)
            s = s.reshape(c, outh, gh, outw, gw).transpose(0, 1, 3, 2, 4)
            arg = s.reshape(c, outh, outw, gh * gw).argmax(axis=-1)   # first maximum
            iy, ix = numpy.divmod(arg, gw)
            sy = numpy.arange(outh)[None, :, None] * gh + iy           # (C, outh, outw)
            sx = numpy.arange(outw)[None, None, :] * gw + ix
            _, ylo, yhi, wylo, wyhi = _roi.sample_weights(ys.ravel()[sy], h)
            vxk, xlo, xhi, wxlo, wxhi = _roi.sample_weights(xs.ravel()[sx], w)
            base = (int(roi_indices[k]) * c + numpy.arange(c)[:, None, None]) * h
            for j, (row, col, wt) in enumerate(((ylo, xlo, wylo * wxlo), (ylo, xhi, wylo * wxhi),
                                                (yhi, xlo, wyhi * wxlo),
                                                (yhi, xhi, wyhi * wxhi))):
                index[k, ..., j] = (base + row) * w + col
                weight[k, ..., j] = wt
            empty[k, 0] = ~(vy.reshape(outh, gh).any(axis=1)[:, None]
                            & vx.reshape(outw, gw).any(axis=1)[None, :])
        return index, weight, empty


def roi_max_align_2d(x, rois, roi_indices, outsize, spatial_scale, sampling_ratio=None):
    """Spatial region of interest (RoI) max align.

    Each roi ``(y_min, x_min, y_max, x_max)`` (times ``spatial_scale``, sizes at least 1) is
    divided into ``outh x outw`` bins; each bin samples ``x`` bilinearly on a regular grid of
    ``sampling_ratio`` points per axis (``ceil(roi size / out size)`` when None) and keeps the
    largest sample per channel. Samples more than one pixel outside the image are skipped; a bin
    with none gives ``-inf`` (and no gradient).

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
    sampling_ratio : int or pair of ints, optional
        Sampling points per bin along each axis.

    Returns
    -------
    Variable
        Shape ``(R, C, outh, outw)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(16, dtype=numpy.float32).reshape(1, 1, 4, 4)
    >>> rois = numpy.array([[0, 0, 4, 4]], numpy.float32)
    >>> F.roi_max_align_2d(x, rois, numpy.zeros(1, numpy.int32), 2, 1.0).array
    array([[[[ 7.5,  9. ],
             [13.5, 15. ]]]], dtype=float32)
    """
    return ROIMaxAlign2D(outsize, spatial_scale, sampling_ratio).apply(
        (x, rois, roi_indices))[0]
