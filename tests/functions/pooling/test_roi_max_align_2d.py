import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _interp(img, y, x):
    """Bilinear value of ``img`` (C, H, W) at ``(y, x)``, or None more than a pixel outside."""
    h, w = img.shape[1:]
    if y < -1 or y > h or x < -1 or x > w:
        return None
    y, x = min(max(y, 0.0), h - 1.0), min(max(x, 0.0), w - 1.0)
    y0, x0 = int(numpy.floor(y)), int(numpy.floor(x))
    y1, x1 = min(y0 + 1, h - 1), min(x0 + 1, w - 1)
    ly, lx = y - y0, x - x0
    return ((1 - ly) * (1 - lx) * img[:, y0, x0] + (1 - ly) * lx * img[:, y0, x1]
            + ly * (1 - lx) * img[:, y1, x0] + ly * lx * img[:, y1, x1])


def max_align_ref(x, rois, idx, outsize, scale, sampling):
    """Sample loops of RoIAlign with max pooling (-inf for a bin without samples)."""
    outh, outw = (outsize, outsize) if isinstance(outsize, int) else outsize
    sr = sampling if isinstance(sampling, tuple) else (sampling, sampling)
    c = x.shape[1]
    y = numpy.full((len(rois), c, outh, outw), -numpy.inf)
    for k in range(len(rois)):
        y0, x0, y1, x1 = rois[k] * scale
        rh, rw = max(y1 - y0, 1.0), max(x1 - x0, 1.0)
        gh = sr[0] or int(numpy.ceil(rh / outh))
        gw = sr[1] or int(numpy.ceil(rw / outw))
        for ph in range(outh):
            for pw in range(outw):
                for iy in range(gh):
                    for ix in range(gw):
                        v = _interp(x[idx[k]], y0 + (ph + (iy + .5) / gh) * rh / outh,
                                    x0 + (pw + (ix + .5) / gw) * rw / outw)
                        if v is not None:
                            y[k, :, ph, pw] = numpy.maximum(y[k, :, ph, pw], v)
    return y


class TestROIMaxAlign2D(testing.FunctionTestCase):
    params = [{'outsize': 2, 'scale': 1.0, 'sampling': None},
              {'outsize': (3, 2), 'scale': 0.5, 'sampling': (2, 1)},
              {'outsize': (2, 3), 'scale': 1.0, 'sampling': 3}]
    tolerances = {
        # the value of one bilinear sample: float16 rounding of the weights and the input
        ('forward', 'float16'): dict(atol=1e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        # well separated values, so that the largest sample of each bin has a margin
        x = self.rng.permutation(2 * 3 * 6 * 7).reshape(2, 3, 6, 7) * 0.1
        rois = numpy.array([[1.2, 0.5, 4.7, 5.1], [0.0, 2.0, 5.5, 6.9],
                            [-1.5, -0.5, 2.0, 8.0]])
        if self.scale != 1.0:
            rois *= 2
        return x, rois, numpy.array([0, 1, 1], numpy.int32)

    def _grad_indexes(self, inputs):
        return [0]   # rois get no gradient

    def forward(self, inputs, device):
        # empty bins give -inf (tested below); zero them so the gradient checks stay finite
        y = F.roi_max_align_2d(*inputs, self.outsize, self.scale, self.sampling)
        return F.where(numpy.isinf(y.array), y.dtype.type(0), y),

    def forward_expected(self, inputs):
        y = max_align_ref(*inputs, self.outsize, self.scale, self.sampling)
        return numpy.where(numpy.isinf(y), 0, y),


def test_roi_outside_is_minus_inf():
    x = numpy.ones((1, 2, 4, 4), numpy.float32)
    rois = numpy.array([[6.0, 6.0, 9.0, 9.0]], numpy.float32)
    y = F.roi_max_align_2d(x, rois, numpy.zeros(1, numpy.int32), 2, 1.0)
    assert numpy.isneginf(y.array).all()


def test_bad_sampling_ratio():
    with pytest.raises(TypeError, match='sampling_ratio must be integer >= 1'):
        F.roi_max_align_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                           numpy.zeros(1, numpy.int32), 2, 1.0, sampling_ratio=0)


def test_x_must_be_float():
    with pytest.raises(InvalidType, match='x'):
        F.roi_max_align_2d(numpy.ones((1, 1, 4, 4), numpy.int32), numpy.ones((1, 4)),
                           numpy.zeros(1, numpy.int32), 2, 1.0)
