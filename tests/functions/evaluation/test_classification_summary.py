import numpy
import pytest

import kusari.functions as F
from kusari.functions.evaluation.classification_summary import fbeta_score
from kusari.utils.type_check import InvalidType


def _ref(y, t, label_num, beta, ignore_label):
    pred = y.argmax(axis=1).ravel()
    t = t.ravel()
    keep = t != ignore_label
    pred, t = pred[keep], t[keep]
    out = []
    for c in range(label_num):
        tp = ((pred == c) & (t == c)).sum()
        p = tp / (pred == c).sum() if (pred == c).sum() else numpy.nan
        r = tp / (t == c).sum() if (t == c).sum() else numpy.nan
        f = (1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else numpy.nan
        out.append((p, r, f, (t == c).sum()))
    return [numpy.array(v) for v in zip(*out)]


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('label_num,beta,x_shape,t_shape', [
    (None, 1.0, (30, 4), (30,)), (5, 2.0, (30, 4), (30,)), (3, 0.5, (6, 3, 5), (6, 5))])
def test_summary(dtype, label_num, beta, x_shape, t_shape):
    rng = numpy.random.default_rng(0)
    y = rng.standard_normal(x_shape).astype(dtype)
    t = rng.integers(0, 3, t_shape).astype(numpy.int32)
    t.ravel()[::4] = -1
    n = label_num or int(t.max()) + 1
    p, r, f, s = F.classification_summary(y, t, label_num=label_num, beta=beta)
    ep, er, ef, es = _ref(y, t, n, beta, -1)
    numpy.testing.assert_allclose(p.array, ep, rtol=1e-12)
    numpy.testing.assert_allclose(r.array, er, rtol=1e-12)
    numpy.testing.assert_allclose(f.array, ef, rtol=1e-12)
    numpy.testing.assert_array_equal(s.array, es)
    assert p.shape == (n,) and s.array.dtype.kind == 'i'
    for func, i in ((F.precision, 0), (F.recall, 1), (F.f1_score, 2)):
        v, sup = func(y, t, label_num=label_num)
        if beta == 1.0:
            numpy.testing.assert_allclose(v.array, (ep, er, ef)[i], rtol=1e-12)
        numpy.testing.assert_array_equal(sup.array, es)
    v, _ = fbeta_score(y, t, label_num=label_num, beta=beta)
    numpy.testing.assert_allclose(v.array, ef, rtol=1e-12)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.classification_summary(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.precision(x, numpy.zeros(3, numpy.int32))
