import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _bounds(p, limit):
    if p < -1 or p > limit:
        return None
    p = max(p, 0.0)
    low = int(numpy.floor(p))
    if low >= limit - 1:
        return float(limit - 1), limit - 1, limit - 1
    return p, low, low + 1


def align_ref(x, rois, idx, outsize, scale, sampling):
    """Sample loops of RoIAlign (average)."""
    outh, outw = (outsize, outsize) if isinstance(outsize, int) else outsize
    sr = (sampling, sampling) if not isinstance(sampling, tuple) else sampling
    c, h, w = x.shape[1:]
    y = numpy.zeros((len(rois), c, outh, outw))
    for k in range(len(rois)):
        y0, x0, y1, x1 = rois[k] * scale
        rh, rw = max(y1 - y0, 1.0), max(x1 - x0, 1.0)
        gh = sr[0] or int(numpy.ceil(rh / outh))
        gw = sr[1] or int(numpy.ceil(rw / outw))
        for ph in range(outh):
            for pw in range(outw):
                acc = numpy.zeros(c)
                for iy in range(gh):
                    by = _bounds(y0 + ph * rh / outh + (iy + .5) * rh / outh / gh, h)
                    if by is None:
                        continue
                    for ix in range(gw):
                        bx = _bounds(x0 + pw * rw / outw + (ix + .5) * rw / outw / gw, w)
                        if bx is None:
                            continue
                        (yy, yl, yh), (xx, xl, xh) = by, bx
                        ly, lx = yy - yl, xx - xl
                        img = x[idx[k]]
                        acc += ((1 - ly) * (1 - lx) * img[:, yl, xl]
                                + (1 - ly) * lx * img[:, yl, xh]
                                + ly * (1 - lx) * img[:, yh, xl] + ly * lx * img[:, yh, xh])
                y[k, :, ph, pw] = acc / (gh * gw)
    return y


class TestROIAverageAlign2D(testing.FunctionTestCase):
    params = [{'outsize': 2, 'scale': 1.0, 'sampling': None},
              {'outsize': (3, 2), 'scale': 0.5, 'sampling': (2, 1)}]

    def generate_inputs(self):
        x = self.uniform(-1, 1, (2, 3, 6, 7))
        rois = numpy.array([[1.2, 0.5, 4.7, 5.1], [0.0, 2.0, 5.5, 6.9], [-1.5, -0.5, 2.0, 8.0]])
        if self.scale != 1.0:
            rois *= 2
        return x, rois, numpy.array([0, 1, 1], numpy.int32)

    def _grad_indexes(self, inputs):
        return [0]   # rois get no gradient

    def forward(self, inputs, device):
        return F.roi_average_align_2d(*inputs, self.outsize, self.scale, self.sampling),

    def forward_expected(self, inputs):
        return align_ref(*inputs, self.outsize, self.scale, self.sampling),


def test_bad_outsize():
    with pytest.raises(TypeError, match='outsize\\[0\\] must be positive integer'):
        F.roi_average_align_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                               numpy.zeros(1, numpy.int32), 0, 1.0)


def test_bad_spatial_scale():
    with pytest.raises(TypeError, match='spatial_scale must be a positive float'):
        F.roi_average_align_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                               numpy.zeros(1, numpy.int32), 2, -1.0)


def test_roi_indices_dtype():
    with pytest.raises(InvalidType, match='roi_indices.dtype == int32'):
        F.roi_average_align_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                               numpy.zeros(1, numpy.int64), 2, 1.0)
