import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _bins(start, size, n_out, limit):
    for i in range(n_out):
        lo = min(max(int(numpy.floor(i * size / n_out)) + start, 0), limit)
        hi = min(max(int(numpy.ceil((i + 1) * size / n_out)) + start, 0), limit)
        yield i, lo, hi


def roi_pool_ref(x, rois, idx, outsize, scale, reduce):
    """Bin loops: ``reduce`` over each bin; None for an empty one."""
    outh, outw = (outsize, outsize) if numpy.isscalar(outsize) else outsize
    c, h, w = x.shape[1:]
    y = numpy.zeros((len(rois), c, outh, outw))
    for k, roi in enumerate(rois):
        ymin, xmin, ymax, xmax = [int(round(float(v) * scale)) for v in roi]
        rh, rw = max(ymax - ymin, 1), max(xmax - xmin, 1)
        for i, hs, he in _bins(ymin, rh, outh, h):
            for j, ws, we in _bins(xmin, rw, outw, w):
                patch = x[idx[k], :, hs:he, ws:we].reshape(c, -1)
                y[k, :, i, j] = reduce(patch) if patch.size else reduce(None)
    return y


def _max(p):
    return -numpy.inf if p is None else p.max(axis=1)


ROIS = numpy.array([[1.2, 0.5, 4.7, 5.1], [0.0, 2.0, 5.5, 6.9], [-1.5, -0.5, 2.0, 8.0],
                    [3.0, 3.0, 3.4, 3.2], [7.0, 1.0, 9.0, 4.0]])


class TestROIMaxPooling2D(testing.FunctionTestCase):
    params = [{'outsize': 2, 'scale': 1.0}, {'outsize': (3, 2), 'scale': 0.5},
              {'outsize': (numpy.int32(2), numpy.int32(3)), 'scale': numpy.float32(1.0)}]

    def generate_inputs(self):
        # distinct values far apart, so that no maximum is near a tie
        x = self.rng.permutation(2 * 3 * 6 * 7).reshape(2, 3, 6, 7) * 0.1
        rois = ROIS[:4] * (2 if self.scale == 0.5 else 1)
        return x, rois, numpy.array([0, 1, 1, 0], numpy.int32)

    def _grad_indexes(self, inputs):
        return [0]   # rois get no gradient

    def forward(self, inputs, device):
        # empty bins give -inf (tested below); zero them so the gradient checks stay finite
        y = F.roi_max_pooling_2d(*inputs, self.outsize, self.scale)
        return F.where(numpy.isinf(y.array), y.dtype.type(0), y),

    def forward_expected(self, inputs):
        y = roi_pool_ref(*inputs, self.outsize, self.scale, _max)
        return numpy.where(numpy.isinf(y), 0, y),


def test_empty_bin_is_minus_inf_without_gradient():
    x = kusari.Variable(numpy.arange(16.).reshape(1, 1, 4, 4))
    rois = numpy.array([[5.0, 5.0, 7.0, 7.0], [0.0, 0.0, 2.0, 2.0]])   # the first is outside
    y = F.roi_max_pooling_2d(x, rois, numpy.zeros(2, numpy.int32), 2, 1.0)
    assert numpy.isneginf(y.array[0]).all()
    numpy.testing.assert_array_equal(y.array[1, 0], [[0., 1.], [4., 5.]])
    y.grad = numpy.ones(y.shape)
    y.backward()
    expected = numpy.zeros((4, 4))
    expected[:2, :2] = 1
    numpy.testing.assert_array_equal(x.grad[0, 0], expected)


def test_bad_outsize():
    with pytest.raises(TypeError, match=r'outsize\[1\] must be positive integer'):
        F.roi_max_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                             numpy.zeros(1, numpy.int32), (2, 0), 1.0)


def test_bad_spatial_scale():
    with pytest.raises(TypeError, match='spatial_scale must be a positive float'):
        F.roi_max_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                             numpy.zeros(1, numpy.int32), 2, 0)


def test_rois_shape():
    with pytest.raises(InvalidType, match=r'rois.shape\[1\] == 4'):
        F.roi_max_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 5)),
                             numpy.zeros(1, numpy.int32), 2, 1.0)


def test_roi_indices_length():
    with pytest.raises(InvalidType, match=r'roi_indices.shape == \(rois.shape\[0\],\)'):
        F.roi_max_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((2, 4)),
                             numpy.zeros(1, numpy.int32), 2, 1.0)


def test_number_of_inputs():
    from kusari.functions.pooling.roi_max_pooling_2d import ROIMaxPooling2D
    with pytest.raises(InvalidType, match=r'in_types.size\(\) == 3'):
        ROIMaxPooling2D(2, 1.0).apply((numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4))))
