import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def roi_pool_ref(x, rois, outh, outw, scale):
    """Bin loops as in the Fast R-CNN definition (empty bins give 0)."""
    r = len(rois)
    c, h, w = x.shape[1:]
    y = numpy.zeros((r, c, outh, outw))
    for k in range(r):
        idx = int(rois[k, 0])
        xmin, ymin, xmax, ymax = [int(round(float(v) * scale)) for v in rois[k, 1:]]
        rh, rw = max(ymax - ymin + 1, 1), max(xmax - xmin + 1, 1)
        for i in range(outh):
            hs = min(max(int(numpy.floor(i * rh / outh)) + ymin, 0), h)
            he = min(max(int(numpy.ceil((i + 1) * rh / outh)) + ymin, 0), h)
            for j in range(outw):
                ws = min(max(int(numpy.floor(j * rw / outw)) + xmin, 0), w)
                we = min(max(int(numpy.ceil((j + 1) * rw / outw)) + xmin, 0), w)
                if he > hs and we > ws:
                    y[k, :, i, j] = x[idx, :, hs:he, ws:we].reshape(c, -1).max(1)
    return y


class TestROIPooling2D(testing.FunctionTestCase):
    params = [{'outh': 2, 'outw': 3, 'scale': 1.0}, {'outh': 3, 'outw': 2, 'scale': 0.5}]

    def generate_inputs(self):
        x = self.rng.permutation(2 * 3 * 6 * 7).reshape(2, 3, 6, 7) * 0.1
        rois = numpy.array([[0, 1, 1, 5, 4], [1, 0, 2, 6, 5], [1, 3, 0, 3, 10],
                            [0, -2, -2, 1, 1]], numpy.float64)
        if self.scale != 1.0:
            rois[:, 1:] *= 2
        return x, rois

    def _grad_indexes(self, inputs):
        return [0]   # rois get no gradient

    def forward(self, inputs, device):
        return F.roi_pooling_2d(*inputs, self.outh, self.outw, self.scale),

    def forward_expected(self, inputs):
        return roi_pool_ref(*inputs, self.outh, self.outw, self.scale),


def test_rois_shape():
    with pytest.raises(InvalidType, match=r'rois.shape\[1\] == 5'):
        F.roi_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((2, 4)), 2, 2, 1.0)


def test_dtype_mismatch():
    with pytest.raises(InvalidType, match=r'x.dtype == rois.dtype'):
        F.roi_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((2, 5), numpy.float32), 2, 2, 1.)


def test_x_ndim():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.roi_pooling_2d(numpy.ones((1, 4, 4)), numpy.ones((2, 5)), 2, 2, 1.0)


def test_x_must_be_float():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.roi_pooling_2d(numpy.ones((1, 1, 4, 4), numpy.int32), numpy.ones((2, 5), numpy.int32),
                         2, 2, 1.0)


def test_number_of_inputs():
    from kusari.functions.pooling.roi_pooling_2d import ROIPooling2D
    with pytest.raises(InvalidType, match=r'in_types.size\(\) == 2'):
        ROIPooling2D(2, 2, 1.0).apply((numpy.ones((1, 1, 4, 4)), numpy.ones((2, 5)),
                                       numpy.zeros(2, numpy.int32)))
