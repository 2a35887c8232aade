"""crf1d and argmax_crf1d against brute force over every label path."""
import itertools

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing


def _score(cost, xs, b, path):
    return (sum(xs[t][b, y] for t, y in enumerate(path))
            + sum(cost[y0, y1] for y0, y1 in zip(path[:-1], path[1:])))


def _length(batches, b):
    return sum(1 for n in batches if n > b)


def crf1d_brute_force(cost, xs, ys):
    batches = [len(x) for x in xs]
    k = cost.shape[0]
    losses = []
    for b in range(batches[0]):
        n = _length(batches, b)
        logz = numpy.logaddexp.reduce([_score(cost, xs, b, p)
                                       for p in itertools.product(range(k), repeat=n)])
        losses.append(logz - _score(cost, xs, b, [ys[t][b] for t in range(n)]))
    return numpy.array(losses)


class TestCRF1d(testing.FunctionTestCase):
    params = testing.product({'batches': [(2, 2, 2), (3, 2, 1), (3, 1, 1), (2,)],
                              'reduce': ['mean', 'no']})
    n_label = 3

    def generate_inputs(self):
        cost = self.uniform(-1, 1, (self.n_label, self.n_label))
        xs = [self.uniform(-1, 1, (b, self.n_label)) for b in self.batches]
        ys = [self.rng.integers(0, self.n_label, b).astype(numpy.int32) for b in self.batches]
        return (cost,) + tuple(xs) + tuple(ys)

    def forward(self, inputs, device):
        n = len(self.batches)
        return F.crf1d(inputs[0], list(inputs[1:1 + n]), list(inputs[1 + n:]),
                       reduce=self.reduce),

    def forward_expected(self, inputs):
        n = len(self.batches)
        loss = crf1d_brute_force(inputs[0], inputs[1:1 + n], inputs[1 + n:])
        return (loss.sum() / self.batches[0] if self.reduce == 'mean' else loss),


class TestCRF1dOrder3(TestCRF1d):
    params = [{'batches': (3, 2, 1), 'reduce': 'no'}]
    check_order3 = True


@pytest.mark.parametrize('batches', [(2, 2, 2), (3, 2, 1), (3, 1, 1), (2,), (4, 3, 3, 1)])
def test_argmax_crf1d(batches):
    rng = numpy.random.default_rng(sum(batches))
    k = 3
    cost = rng.uniform(-1, 1, (k, k))
    xs = [rng.uniform(-1, 1, (b, k)) for b in batches]
    score, path = F.argmax_crf1d(kusari.Variable(cost), [kusari.Variable(x) for x in xs])
    assert score.shape == (batches[0],) and len(path) == len(batches)
    for b in range(batches[0]):
        n = _length(batches, b)
        best = max(itertools.product(range(k), repeat=n),
                   key=lambda p: _score(cost, xs, b, p))
        numpy.testing.assert_allclose(score.array[b], _score(cost, xs, b, best), rtol=1e-12)
        assert [int(path[t][b]) for t in range(n)] == list(best)
    for t, b in enumerate(batches):
        assert path[t].shape == (b,)
    # the score is differentiable: its gradient picks the best path's entries
    score.grad = numpy.ones_like(score.array)
    cost_v = kusari.Variable(cost)
    x_vars = [kusari.Variable(x) for x in xs]
    score, path = F.argmax_crf1d(cost_v, x_vars)
    F.sum(score).backward()
    for t, x in enumerate(x_vars):
        expected = numpy.zeros_like(x.array)
        expected[numpy.arange(len(x.array)), path[t]] = 1
        numpy.testing.assert_array_equal(x.grad, expected)


def test_errors():
    cost = numpy.zeros((3, 3))
    xs = [numpy.zeros((2, 3))]
    ys = [numpy.zeros(2, numpy.int32)]
    with pytest.raises(ValueError, match="only 'mean' and 'no' are valid for 'reduce'"):
        F.crf1d(cost, xs, ys, reduce='sum')
    with pytest.raises(ValueError, match=r'xs\[0\].shape\[1\] must equal cost.shape\[0\]'):
        F.crf1d(cost, [numpy.zeros((2, 4))], ys)
