import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestUnpooling2D(testing.FunctionTestCase):
    params = [{'cover_all': False, 'outsize': None}, {'cover_all': True, 'outsize': (5, 6)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 3, 3)),

    def forward(self, inputs, device):
        return F.unpooling_2d(inputs[0], 2, outsize=self.outsize, cover_all=self.cover_all),

    def forward_expected(self, inputs):
        x, = inputs
        y = numpy.repeat(numpy.repeat(x, 2, axis=2), 2, axis=3)
        if self.outsize is not None:
            y = y[:, :, :self.outsize[0], :self.outsize[1]]
        return y,


def test_outsize_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[2:\] =='):
        F.unpooling_2d(numpy.ones((1, 1, 3, 3)), 2, outsize=(10, 10))
