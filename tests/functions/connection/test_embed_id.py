import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestEmbedID(testing.FunctionTestCase):
    params = [{'ignore_label': None}, {'ignore_label': -1}]

    def generate_inputs(self):
        x = numpy.array([[0, 2, 1], [2, -1 if self.ignore_label == -1 else 3, 2]], numpy.int32)
        return x, self.uniform(-1, 1, (4, 3))

    def forward(self, inputs, device):
        return F.embed_id(*inputs, ignore_label=self.ignore_label),

    def forward_expected(self, inputs):
        x, W = inputs
        y = numpy.zeros(x.shape + (W.shape[1],))
        for idx in numpy.ndindex(*x.shape):
            if x[idx] != self.ignore_label:
                y[idx] = W[x[idx]]
        return y,


def test_gradient_accumulates_repeated_ids():
    W = kusari.Variable(numpy.zeros((3, 2)))
    y = F.embed_id(numpy.array([1, 1, 2, -1], numpy.int32), W, ignore_label=-1)
    F.sum(y).backward()
    numpy.testing.assert_array_equal(W.grad, [[0, 0], [2, 2], [1, 1]])


def test_float_ids():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'i'"):
        F.embed_id(numpy.zeros(3), numpy.ones((3, 2)))


def test_W_ndim():
    with pytest.raises(InvalidType, match=r'W.ndim == 2'):
        F.embed_id(numpy.zeros(3, numpy.int32), numpy.ones(3))


def test_out_of_range_in_debug_mode():
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='0 <= x < len'):
            F.embed_id(numpy.array([3], numpy.int32), numpy.ones((3, 2)))
