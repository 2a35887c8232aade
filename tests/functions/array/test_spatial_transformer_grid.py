import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def grid_ref(theta, h, w):
    y = numpy.empty((len(theta), 2, h, w))
    for i in range(h):
        for j in range(w):
            xt = -1 + 2 * j / (w - 1) if w > 1 else -1.0
            yt = -1 + 2 * i / (h - 1) if h > 1 else -1.0
            y[:, :, i, j] = theta @ numpy.array([xt, yt, 1.0])
    return y


class TestSpatialTransformerGrid(testing.FunctionTestCase):
    params = [{'out': (3, 4)}, {'out': (1, 5)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 2, 3)),

    def forward(self, inputs, device):
        return F.spatial_transformer_grid(inputs[0], self.out),

    def forward_expected(self, inputs):
        return grid_ref(inputs[0], *self.out),


def test_theta_shape():
    with pytest.raises(InvalidType, match=r'theta.shape\[1:\] == \(2, 3\)'):
        F.spatial_transformer_grid(numpy.ones((2, 3, 3)), (2, 2))


def test_use_cudnn_argument_is_rejected():
    with pytest.raises(ValueError, match='use_cudnn'):
        F.spatial_transformer_grid(numpy.ones((1, 2, 3)), (2, 2), use_cudnn=False)
