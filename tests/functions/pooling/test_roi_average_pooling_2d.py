import importlib.util
import os

import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType

_spec = importlib.util.spec_from_file_location(
    '_roi_max_pooling_ref', os.path.join(os.path.dirname(__file__), 'test_roi_max_pooling_2d.py'))
_ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ref)


def _mean(p):
    return 0.0 if p is None else p.mean(axis=1)


class TestROIAveragePooling2D(testing.FunctionTestCase):
    params = [{'outsize': 2, 'scale': 1.0}, {'outsize': (3, 2), 'scale': 0.5},
              {'outsize': (4, 3), 'scale': 1.0}]

    def generate_inputs(self):
        x = self.uniform(-1, 1, (2, 3, 6, 7))
        rois = _ref.ROIS * (2 if self.scale == 0.5 else 1)
        return x, rois, numpy.array([0, 1, 1, 0, 1], numpy.int32)

    def _grad_indexes(self, inputs):
        return [0]   # rois get no gradient

    def forward(self, inputs, device):
        return F.roi_average_pooling_2d(*inputs, self.outsize, self.scale),

    def forward_expected(self, inputs):
        return _ref.roi_pool_ref(*inputs, self.outsize, self.scale, _mean),


def test_empty_bin_is_zero():
    x = numpy.ones((1, 1, 4, 4))
    y = F.roi_average_pooling_2d(x, numpy.array([[5.0, 5.0, 7.0, 7.0]]),
                                 numpy.zeros(1, numpy.int32), 2, 1.0)
    numpy.testing.assert_array_equal(y.array, numpy.zeros((1, 1, 2, 2)))


def test_roi_indices_dtype():
    with pytest.raises(InvalidType, match='roi_indices.dtype == int32'):
        F.roi_average_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                                 numpy.zeros(1, numpy.int64), 2, 1.0)


def test_bad_outsize():
    with pytest.raises(TypeError, match=r'outsize\[0\] must be positive integer'):
        F.roi_average_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4)),
                                 numpy.zeros(1, numpy.int32), 2.0, 1.0)


def test_x_ndim():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.roi_average_pooling_2d(numpy.ones((1, 4, 4)), numpy.ones((1, 4)),
                                 numpy.zeros(1, numpy.int32), 2, 1.0)


def test_dtype_mismatch():
    with pytest.raises(InvalidType, match=r'x.dtype == rois.dtype'):
        F.roi_average_pooling_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4), numpy.float32),
                                 numpy.zeros(1, numpy.int32), 2, 1.0)
