import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestAveragePooling2D(testing.FunctionTestCase):
    params = [{'k': 2, 's': None, 'p': 0}, {'k': 3, 's': 2, 'p': 1}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 5, 6)),

    def forward(self, inputs, device):
        return F.average_pooling_2d(inputs[0], self.k, self.s, self.p),

    def forward_expected(self, inputs):
        x, = inputs
        k, p = self.k, self.p
        s = self.s or k
        h, w = x.shape[2:]
        xp = numpy.zeros(x.shape[:2] + (h + 2 * p, w + 2 * p))
        xp[:, :, p:p + h, p:p + w] = x
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        y = numpy.zeros(x.shape[:2] + (oh, ow))
        for i in range(oh):
            for j in range(ow):
                y[:, :, i, j] = xp[:, :, i * s:i * s + k, j * s:j * s + k].mean(axis=(2, 3))
        return y,


def test_ndim():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.average_pooling_2d(numpy.ones((1, 1, 4)), 2)
