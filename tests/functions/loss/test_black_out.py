import numpy
import pytest

import kusari.functions as F
from kusari import testing


def black_out_reference(x, t, W, samples):
    loss = numpy.empty(len(x))
    for b in range(len(x)):
        neg = W[samples[b]] @ x[b]
        pos = W[t[b]] @ x[b]
        logz = numpy.logaddexp.reduce(numpy.concatenate([[pos], neg]))
        loss[b] = -(pos - logz + numpy.log(1 - numpy.exp(neg - logz)).sum())
    return loss


class TestBlackOut(testing.FunctionTestCase):
    params = [{'reduce': 'mean'}, {'reduce': 'no'}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (4, 3)), numpy.array([0, 2, 1, 2], numpy.int32),
                self.uniform(-1, 1, (3, 3)),
                numpy.array([[1, 2], [0, 0], [2, 1], [0, 1]], numpy.int32))

    def forward(self, inputs, device):
        return F.black_out(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        loss = black_out_reference(*inputs)
        return (loss.mean() if self.reduce == 'mean' else loss),


def test_invalid_reduce():
    with pytest.raises(ValueError, match="only 'mean' and 'no' are valid for 'reduce'"):
        F.black_out(numpy.zeros((1, 2)), numpy.zeros(1, numpy.int32), numpy.zeros((3, 2)),
                    numpy.zeros((1, 2), numpy.int32), reduce='sum')
