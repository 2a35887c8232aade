"""CTC against a brute-force sum over every alignment."""
import itertools

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing


def _collapse(alignment, blank):
    out = []
    prev = None
    for s in alignment:
        if s != prev and s != blank:
            out.append(s)
        prev = s
    return out


def ctc_brute_force(x, t, blank, input_length, label_length):
    """``-log sum_{alignments collapsing to t} prod_i softmax(x_i)[a_i]`` per sequence."""
    p = numpy.exp(x - x.max(axis=2, keepdims=True))
    p /= p.sum(axis=2, keepdims=True)
    losses = []
    for b in range(x.shape[1]):
        n, target = int(input_length[b]), list(t[b, :int(label_length[b])])
        total = 0.0
        for a in itertools.product(range(x.shape[2]), repeat=n):
            if _collapse(a, blank) == target:
                total += numpy.prod([p[i, b, a[i]] for i in range(n)])
        losses.append(-numpy.log(total))
    return numpy.array(losses)


class TestCTC(testing.FunctionTestCase):
    params = [
        {'reduce': 'mean', 'lengths': None},
        {'reduce': 'no', 'lengths': None},
        {'reduce': 'no', 'lengths': ((4, 3), (2, 1))},      # shorter input and label
        {'reduce': 'mean', 'lengths': ((3, 4), (0, 2))},    # an empty label sequence
        {'reduce': 'no', 'lengths': None, 'repeat': True},  # a repeated label needs a blank
    ]
    check_order3 = True

    def generate_inputs(self):
        x = self.uniform(-1, 1, (4, 2, 3))
        if getattr(self, 'repeat', False):
            t = numpy.array([[1, 1], [0, 1]], numpy.int32)
        else:
            t = numpy.array([[0, 1], [1, 0]], numpy.int32)
        if self.lengths is None:
            return x, t
        return (x, t, numpy.array(self.lengths[0], numpy.int32),
                numpy.array(self.lengths[1], numpy.int32))

    def forward(self, inputs, device):
        x, t = inputs[:2]
        return F.connectionist_temporal_classification(
            list(F.separate(x)), t, 2, *inputs[2:], reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs[:2]
        lengths = inputs[2:] or (numpy.full(2, 4), numpy.full(2, 2))
        loss = ctc_brute_force(x, t, 2, *lengths)
        return (loss.mean() if self.reduce == 'mean' else loss),


def test_frames_beyond_input_length_get_no_gradient():
    rng = numpy.random.default_rng(0)
    x = kusari.Variable(rng.uniform(-1, 1, (5, 2, 3)))
    t = numpy.array([[0], [1]], numpy.int32)
    loss = F.connectionist_temporal_classification(
        list(F.separate(x)), t, 2, numpy.array([5, 3], numpy.int32))
    loss.backward()
    assert (x.grad[3:, 1] == 0).all() and (x.grad[:3, 1] != 0).all()
    assert (x.grad[:, 0] != 0).all()


def test_impossible_alignment_is_large_not_nan():
    # two labels cannot be emitted in one frame: a huge loss, finite gradients
    x = kusari.Variable(numpy.zeros((1, 1, 3)))
    loss = F.connectionist_temporal_classification([x[0]], numpy.array([[0, 1]], numpy.int32), 2)
    assert loss.array > 1e9
    loss.backward()
    assert numpy.isfinite(x.grad).all()


def test_float16_is_computed_in_float32():
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1, 1, (4, 2, 3))
    t = numpy.array([[0, 1], [1, 0]], numpy.int32)
    loss = F.connectionist_temporal_classification(list(x.astype(numpy.float16)), t, 2,
                                                   reduce='no')
    assert loss.dtype == numpy.float16
    expected = ctc_brute_force(x.astype(numpy.float16).astype(numpy.float64), t, 2,
                               numpy.full(2, 4), numpy.full(2, 2))
    numpy.testing.assert_allclose(loss.array, expected, rtol=2e-3)


def test_errors():
    x = numpy.zeros((4, 2, 3), numpy.float32)
    t = numpy.zeros((2, 2), numpy.int32)
    ctc = F.connectionist_temporal_classification
    with pytest.raises(TypeError, match='x must be a list of Variables'):
        ctc(kusari.Variable(x), t, 0)
    with pytest.raises(TypeError, match='blank_symbol must be non-negative integer'):
        ctc(list(x), t, 0.5)
    with pytest.raises(ValueError, match="only 'mean' and 'no' are valid"):
        ctc(list(x), t, 0, reduce='sum')
    with pytest.raises(ValueError, match=r'blank_symbol must be in \[0, 3\), got 3'):
        ctc(list(x), t, 3)
    with pytest.raises(ValueError, match='each x\\[i\\] must be 2-d'):
        ctc([x], t, 0)
    with pytest.raises(ValueError, match=r't must have shape \(B, L\)'):
        ctc(list(x), numpy.zeros((3, 2), numpy.int32), 0)
    with pytest.raises(ValueError, match='input_length must be a 1-d integer array of length 2'):
        ctc(list(x), t, 0, numpy.array([4, 4, 4], numpy.int32))
