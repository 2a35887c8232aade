import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import reporter


def _softmax_ce(y, t):
    log_p = y - numpy.log(numpy.exp(y).sum(axis=1, keepdims=True))
    return -log_p[numpy.arange(len(t)), t].mean()


def test_loss_accuracy_and_report(link_float64, check_link_backward):
    model = L.Classifier(L.Linear(3, 4))
    x = numpy.random.uniform(-1, 1, (6, 3))
    t = numpy.array([0, 1, 2, 3, 1, 0], numpy.int32)
    rep = reporter.Reporter()
    rep.add_observer('main', model)
    observation = {}
    with rep.scope(observation):
        loss = model(x, t)
    y = x @ model.predictor.W.array.T + model.predictor.b.array
    assert float(loss.array) == pytest.approx(_softmax_ce(y, t))
    assert model.loss is loss
    numpy.testing.assert_allclose(model.y.array, y)
    acc = (y.argmax(axis=1) == t).mean()
    assert float(model.accuracy.array) == pytest.approx(acc)
    assert set(observation) == {'main/loss', 'main/accuracy'}
    assert float(observation['main/loss'].array) == pytest.approx(_softmax_ce(y, t))
    check_link_backward(lambda x: model(x, t), [x], model.params())


def test_label_key_and_custom_functions():
    class Pred(kusari.Chain):
        def forward(self, a, b):
            return a + b
    calls = []

    def lossfun(y, t):
        calls.append('loss')
        return F.mean_squared_error(y, t)
    model = L.Classifier(Pred(), lossfun=lossfun, label_key='label')
    model.compute_accuracy = False
    a, b = numpy.ones((2, 2), numpy.float32), numpy.zeros((2, 2), numpy.float32)
    label = numpy.full((2, 2), 3.0, numpy.float32)
    loss = model(a, b=b, label=label)
    assert float(loss.array) == pytest.approx(4.0) and model.accuracy is None
    model = L.Classifier(Pred(), lossfun=lossfun, label_key=0)
    model.compute_accuracy = False
    loss = model(label, a, b)
    assert float(loss.array) == pytest.approx(4.0)
    assert calls == ['loss', 'loss']


def test_label_key_errors():
    with pytest.raises(TypeError, match='label_key must be int or str'):
        L.Classifier(L.Linear(2, 2), label_key=1.5)
    model = L.Classifier(L.Linear(2, 2), label_key=3)
    with pytest.raises(ValueError, match='Label key 3 is out of bounds'):
        model(numpy.ones((1, 2), numpy.float32), numpy.zeros(1, numpy.int32))
    model = L.Classifier(L.Linear(2, 2), label_key='t')
    with pytest.raises(ValueError, match='Label key "t" is not found'):
        model(numpy.ones((1, 2), numpy.float32))
