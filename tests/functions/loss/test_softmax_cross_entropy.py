import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _log_softmax(x):
    z = x - x.max(axis=1, keepdims=True)
    return z - numpy.log(numpy.exp(z).sum(axis=1, keepdims=True))


def _ref(x, t, normalize, class_weight, ignore_label, reduce):
    log_y = _log_softmax(x)
    loss = numpy.zeros(t.shape)
    count = 0
    for idx in numpy.ndindex(*t.shape):
        label = t[idx]
        if label == ignore_label:
            continue
        count += 1
        w = 1.0 if class_weight is None else class_weight[label]
        loss[idx] = -w * log_y[(idx[0], label) + idx[1:]]
    if reduce == 'no':
        return loss
    return loss.sum() / max(1, count if normalize else len(x))


class TestSoftmaxCrossEntropy(testing.FunctionTestCase):
    params = [
        {'shape': (4, 3), 'normalize': True, 'weight': False, 'reduce': 'mean', 'cache': True},
        {'shape': (4, 3), 'normalize': False, 'weight': True, 'reduce': 'mean', 'cache': False},
        {'shape': (3, 4, 2), 'normalize': True, 'weight': True, 'reduce': 'no', 'cache': True},
        {'shape': (2, 3, 2, 2), 'normalize': True, 'weight': False, 'reduce': 'mean',
         'cache': True},
    ]
    check_order3 = True   # the gradient is a Grad node
    ignore_label = -1

    def generate_inputs(self):
        n, c = self.shape[:2]
        t = self.rng.integers(0, c, (n,) + self.shape[2:]).astype(numpy.int32)
        t.ravel()[1] = self.ignore_label
        self.class_weight = self.rng.uniform(0.5, 2, c) if self.weight else None
        return self.uniform(-2, 2, self.shape), t

    def forward(self, inputs, device):
        x, t = inputs
        return F.softmax_cross_entropy(x, t, self.normalize, self.cache, self.class_weight,
                                       self.ignore_label, self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs
        return _ref(x, t, self.normalize, self.class_weight, self.ignore_label, self.reduce),


class TestSoftTarget(testing.FunctionTestCase):
    params = testing.product({'loss': ['cross-entropy', 'kl-divergence'],
                              'reduce': ['mean', 'no'], 'shape': [(3, 4), (2, 3, 2)]})

    # the targets are constants: no gradient flows to them (as in Chainer)
    def generate_inputs(self):
        t = self.uniform(0.1, 1, self.shape)
        self.t = t / t.sum(axis=1, keepdims=True)
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        x, = inputs
        return F.softmax_cross_entropy(x, self.t.astype(x.dtype), reduce=self.reduce,
                                       soft_target_loss=self.loss),

    def forward_expected(self, inputs):
        x, = inputs
        t = self.t
        if self.loss == 'cross-entropy':
            loss = -(t * _log_softmax(x)).sum(axis=1)
        else:
            loss = (t * (numpy.log(t + 1e-7) - _log_softmax(x))).sum(axis=1)
        return loss.mean() if self.reduce == 'mean' else loss,


def test_matches_torch_and_second_order_without_flag():
    torch = pytest.importorskip('torch')
    rng = numpy.random.default_rng(1)
    x = rng.standard_normal((5, 4))
    t = numpy.array([0, 3, -1, 2, 1])
    xv = kusari.Variable(x)
    loss = F.softmax_cross_entropy(xv, t)
    gx, = kusari.grad([loss], [xv], enable_double_backprop=True)
    gg, = kusari.grad([F.sum(gx * gx)], [xv])
    xt = torch.tensor(x, requires_grad=True)
    lt = torch.nn.functional.cross_entropy(xt, torch.tensor(t), ignore_index=-1)
    gxt, = torch.autograd.grad(lt, xt, create_graph=True)
    ggt, = torch.autograd.grad((gxt * gxt).sum(), xt)
    numpy.testing.assert_allclose(loss.array, lt.item(), rtol=1e-12)
    numpy.testing.assert_allclose(gx.array, gxt.detach().numpy(), rtol=1e-10, atol=1e-14)
    numpy.testing.assert_allclose(gg.array, ggt.numpy(), rtol=1e-10, atol=1e-14)


def test_enable_double_backprop_gives_the_same():
    x = numpy.random.randn(4, 3).astype(numpy.float32)
    t = numpy.array([0, 1, 2, 1], numpy.int32)
    a = F.softmax_cross_entropy(x, t, enable_double_backprop=True)
    b = F.softmax_cross_entropy(x, t)
    assert a.dtype == numpy.float32
    numpy.testing.assert_allclose(a.array, b.array)


def test_all_ignored_gives_zero():
    x = kusari.Variable(numpy.random.randn(2, 3))
    loss = F.softmax_cross_entropy(x, numpy.array([-1, -1]))
    assert float(loss.array) == 0.0
    loss.backward()
    assert (x.grad == 0).all()


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1], numpy.int32)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.softmax_cross_entropy(x.astype(numpy.int32), t)
    with pytest.raises(InvalidType, match=r'x.ndim >= 2'):
        F.softmax_cross_entropy(x[0], t[:1])
    with pytest.raises(InvalidType, match=r't.ndim == x.ndim - 1'):
        F.softmax_cross_entropy(x, t[:, None])
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.softmax_cross_entropy(x, numpy.array([0, 1, 1], numpy.int32))
    with pytest.raises(InvalidType, match=r'x.shape\[2:\] == t.shape\[1:\]'):
        F.softmax_cross_entropy(numpy.zeros((2, 3, 2), numpy.float32),
                                numpy.zeros((2, 3), numpy.int32))
    with pytest.raises(InvalidType, match=r'float soft targets of the shape of x, \(2, 3\)'):
        F.softmax_cross_entropy(x, numpy.zeros((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r't.dtype == x.dtype'):
        F.softmax_cross_entropy(x, numpy.zeros((2, 3), numpy.float64))
    with pytest.raises(InvalidType, match=r'class_weight.shape\[0\] == x.shape\[1\]'):
        F.softmax_cross_entropy(x, t, class_weight=numpy.ones(2, numpy.float32))
    with pytest.raises(ValueError, match="only 'mean' and 'no'"):
        F.softmax_cross_entropy(x, t, reduce='sum')
    with pytest.raises(ValueError, match='soft_target_loss'):
        F.softmax_cross_entropy(x, t, soft_target_loss='l2')
    with pytest.raises(ValueError, match='class_weight.ndim should be 1'):
        F.softmax_cross_entropy(x, t, class_weight=numpy.ones((3, 1), numpy.float32))
    with pytest.raises(ValueError, match="class_weight should be 'f'"):
        F.softmax_cross_entropy(x, t, class_weight=numpy.ones(3, numpy.int32))
    with pytest.raises(ValueError, match='not a Variable'):
        F.softmax_cross_entropy(x, t, class_weight=kusari.Variable(numpy.ones(3, numpy.float32)))


def test_soft_targets_get_no_gradient():
    # a teacher's probabilities given as a Variable are not trained through the loss
    x = kusari.Variable(numpy.random.uniform(-1, 1, (3, 4)))
    t = kusari.Variable(numpy.full((3, 4), 0.25))
    F.softmax_cross_entropy(x, t).backward()
    assert x.grad is not None and t.grad is None


@pytest.mark.parametrize('cache_score', [True, False])
def test_the_function_keeps_the_softmax_as_y_when_caching(cache_score):
    x = numpy.random.uniform(-1, 1, (3, 4))
    loss = F.softmax_cross_entropy(kusari.Variable(x), numpy.array([0, 1, 3]),
                                   cache_score=cache_score)
    y = loss.creator.y
    assert (y is not None) == cache_score
    if cache_score:
        numpy.testing.assert_allclose(y, numpy.exp(_log_softmax(x)))


def test_float_class_labels_say_integers_are_expected():
    x = numpy.zeros((4, 10), numpy.float32)
    with pytest.raises(InvalidType) as e:
        F.softmax_cross_entropy(x, numpy.array([1.0, 2.0, 3.0, 4.0], numpy.float32))
    assert str(e.value) == (
        'Invalid operation is performed in: SoftmaxCrossEntropy (Forward)\n\n'
        'Expect: t: integer class labels (a signed integer dtype) of shape '
        'x.shape[:1] + x.shape[2:] = (4,), or float soft targets of the shape of x, (4, 10)\n'
        'Actual: t.dtype=float32, t.shape=(4,)')
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i' \(class labels: a signed "):
        F.softmax_cross_entropy(x, numpy.array([1, 2, 3, 4], numpy.uint8))


@pytest.mark.parametrize('debug', [False, True])
def test_out_of_range_labels_raise_in_every_mode(debug):
    x = numpy.zeros((4, 10), numpy.float32)
    with kusari.using_config('debug', debug):
        with pytest.raises(ValueError) as e:
            F.softmax_cross_entropy(x, numpy.array([0, 9, 10, 3], numpy.int32))
        assert str(e.value) == (
            'softmax_cross_entropy: each label in t must be a class index in [0, 10) '
            '(x.shape[1] is 10) or ignore_label (-1), but t[2] is 10 (1 of 4 labels out of '
            'range)')
        with pytest.raises(ValueError, match=r'but t\[1\] is -5 \(2 of 4 labels'):
            F.softmax_cross_entropy(x, numpy.array([0, -5, -1, 12], numpy.int32))
        # ignore_label itself is fine, wherever it is, and a different one moves the range
        F.softmax_cross_entropy(x, numpy.array([0, -1, 9, -1], numpy.int32))
        F.softmax_cross_entropy(x, numpy.array([0, 255, 9, 3], numpy.int32), ignore_label=255)
        with pytest.raises(ValueError, match=r'or ignore_label \(255\), but t\[1\] is -1 '):
            F.softmax_cross_entropy(x, numpy.array([0, -1, 9, 3], numpy.int32),
                                    ignore_label=255)
        # class_weight, reduce='no' and spatial labels check the same way
        with pytest.raises(ValueError, match=r'but t\[0, 2, 1\] is 3 '):
            t = numpy.zeros((2, 3, 2), numpy.int32)
            t[0, 2, 1] = 3
            F.softmax_cross_entropy(numpy.zeros((2, 3, 3, 2), numpy.float32), t,
                                    class_weight=numpy.ones(3, numpy.float32), reduce='no')
