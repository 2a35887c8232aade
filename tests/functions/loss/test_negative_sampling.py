import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def fixed_sampler(high):
    def sampler(shape):
        return (numpy.arange(numpy.prod(shape)) % high).reshape(shape).astype(numpy.int32)
    return sampler


def negative_sampling_reference(x, t, W, samples):
    loss = numpy.zeros(len(x))
    for i in range(len(x)):
        if t[i] == -1:
            continue
        f = W[samples[i]] @ x[i]
        f[0] *= -1
        loss[i] = numpy.logaddexp(f, 0).sum()
    return loss


class TestNegativeSampling(testing.FunctionTestCase):
    params = testing.product({'t': [(0, 2), (-1, 1, 2)], 'reduce': ['sum', 'no']})
    sample_size = 2
    n_vocab = 5
    check_order3 = True
    tolerances = {('grad', 'float16'): dict(atol=2e-2, rtol=2e-2)}   # float16 inputs

    def generate_inputs(self):
        n = len(self.t)
        return (self.uniform(-1, 1, (n, 3)), numpy.array(self.t, numpy.int32),
                self.uniform(-1, 1, (self.n_vocab, 3)))

    def forward(self, inputs, device):
        x, t, W = inputs
        return F.negative_sampling(x, t, W, fixed_sampler(self.n_vocab), self.sample_size,
                                   reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t, W = inputs
        samples = fixed_sampler(self.n_vocab)((len(t), self.sample_size + 1))
        samples[:, 0] = t
        loss = negative_sampling_reference(x, t, W, samples)
        return (loss.sum() if self.reduce == 'sum' else loss),


def test_return_samples_and_ignored_rows():
    rng = numpy.random.default_rng(0)
    x = kusari.Variable(rng.uniform(-1, 1, (3, 4)))
    W = kusari.Variable(rng.uniform(-1, 1, (6, 4)))
    t = numpy.array([4, -1, 1], numpy.int32)
    raw = rng.integers(0, 6, (3, 3)).astype(numpy.int32)
    loss, samples = F.negative_sampling(x, t, W, lambda shape: raw.copy(), 2, reduce='no',
                                        return_samples=True)
    assert samples.dtype == numpy.int32 and samples.shape == (3, 3)
    numpy.testing.assert_array_equal(samples[:, 0], t)
    numpy.testing.assert_array_equal(samples[:, 1:], raw[:, 1:])
    assert loss.array[1] == 0
    F.sum(loss).backward()
    assert (x.grad[1] == 0).all()                       # the ignored row gets nothing
    numpy.testing.assert_allclose(
        loss.array, negative_sampling_reference(x.array, t, W.array, samples), rtol=1e-12)


def test_float16_computed_in_float32():
    rng = numpy.random.default_rng(1)
    x = rng.uniform(-1, 1, (2, 3)).astype(numpy.float16)
    W = rng.uniform(-1, 1, (5, 3)).astype(numpy.float16)
    t = numpy.array([0, 3], numpy.int32)
    loss = F.negative_sampling(x, t, W, fixed_sampler(5), 2)
    assert loss.dtype == numpy.float16
    samples = fixed_sampler(5)((2, 3))
    samples[:, 0] = t
    expected = negative_sampling_reference(x.astype(numpy.float64), t, W.astype(numpy.float64),
                                           samples).sum()
    numpy.testing.assert_allclose(float(loss.array), expected, rtol=1e-3)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.zeros(2, numpy.int32)
    W = numpy.zeros((5, 3), numpy.float32)
    s = fixed_sampler(5)
    with pytest.raises(ValueError, match="only 'sum' and 'no' are valid for 'reduce'"):
        F.negative_sampling(x, t, W, s, 2, reduce='mean')
    with pytest.raises(TypeError, match='unexpected keyword argument'):
        F.negative_sampling(x, t, W, s, 2, samples=True)
    with pytest.raises(InvalidType, match='t.dtype == int32'):
        F.negative_sampling(x, t.astype(numpy.int64), W, s, 2)
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.negative_sampling(x, numpy.zeros(3, numpy.int32), W, s, 2)
    with pytest.raises(InvalidType, match='W.dtype == x.dtype'):
        F.negative_sampling(x, t, W.astype(numpy.float64), s, 2)
    with pytest.raises(InvalidType, match='x.ndim == 2'):
        F.negative_sampling(x[None], t, W, s, 2)
