"""Each optimizer's first three updates on a fixed quadratic equal its published rule in NumPy."""
import math
import warnings

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import optimizers

A = numpy.array([1.0, 2.0, 0.5, 3.0, 1.5, 0.25])
B = numpy.array([-1.0, 0.5, 2.0, -0.3, 0.0, 1.0])
W0 = numpy.array([0.3, -0.8, 1.2, 0.05, -0.4, 0.9])


def grad_of(w):
    # the gradient of 0.5 * sum(A * w**2) + sum(B * w)
    return A * w + B


class Model(kusari.Link):
    def __init__(self, dtype=numpy.float64):
        super().__init__()
        with self.init_scope():
            self.w = kusari.Parameter(W0.astype(dtype))

    def loss(self):
        w = self.w
        a = A.astype(w.dtype)
        b = B.astype(w.dtype)
        return 0.5 * F.sum(a * w * w) + F.sum(b * w)


# --- the published rules, on float64 NumPy arrays: step(w, g, state, t) -> w ------------

def sgd(lr):
    def step(w, g, s, t):
        return w - lr * g
    return step


def momentum_sgd(lr, momentum):
    def step(w, g, s, t):
        s['v'] = momentum * s.get('v', 0.0) - lr * g
        return w + s['v']
    return step


def corrected_momentum_sgd(lr, momentum):
    def step(w, g, s, t):
        s['v'] = momentum * s.get('v', 0.0) - g
        return w + lr * s['v']
    return step


def nesterov_ag(lr, momentum):
    def step(w, g, s, t):
        s['v'] = momentum * s.get('v', 0.0) - lr * g
        return w + momentum ** 2 * s['v'] - (1 + momentum) * lr * g
    return step


def ada_grad(lr, eps):
    def step(w, g, s, t):
        s['h'] = s.get('h', 0.0) + g * g
        return w - lr * g / (numpy.sqrt(s['h']) + eps)
    return step


def ada_delta(rho, eps):
    def step(w, g, s, t):
        s['msg'] = rho * s.get('msg', 0.0) + (1 - rho) * g * g
        dx = numpy.sqrt((s.get('msdx', 0.0) + eps) / (s['msg'] + eps)) * g
        s['msdx'] = rho * s.get('msdx', 0.0) + (1 - rho) * dx * dx
        return w - dx
    return step


def rmsprop(lr, alpha, eps, inside):
    def step(w, g, s, t):
        s['ms'] = alpha * s.get('ms', 0.0) + (1 - alpha) * g * g
        denom = numpy.sqrt(s['ms'] + eps) if inside else numpy.sqrt(s['ms']) + eps
        return w - lr * g / denom
    return step


def rmsprop_graves(lr, alpha, momentum, eps):
    def step(w, g, s, t):
        s['n'] = alpha * s.get('n', 0.0) + (1 - alpha) * g * g
        s['g'] = alpha * s.get('g', 0.0) + (1 - alpha) * g
        s['delta'] = momentum * s.get('delta', 0.0) - lr * g / numpy.sqrt(
            s['n'] - s['g'] ** 2 + eps)
        return w + s['delta']
    return step


def adam(alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8, eta=1.0, weight_decay_rate=0.0,
         amsgrad=False, adabound=False, final_lr=0.1, gamma=1e-3):
    def step(w, g, s, t):
        s['m'] = beta1 * s.get('m', 0.0) + (1 - beta1) * g
        s['v'] = beta2 * s.get('v', 0.0) + (1 - beta2) * g * g
        vhat = s['v']
        if amsgrad:
            vhat = s['vhat'] = numpy.maximum(s.get('vhat', 0.0), s['v'])
        alpha_t = alpha * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        lr = alpha_t / (numpy.sqrt(vhat) + eps)
        if adabound:
            lower = final_lr * (1 - 1 / (gamma * t + 1))
            upper = final_lr * (1 + 1 / (gamma * t))
            s['clipped'] = s.get('clipped', 0) + int(((lr < lower) | (lr > upper)).sum())
            lr = numpy.clip(lr, lower, upper)
        return w - eta * (lr * s['m'] + weight_decay_rate * w)
    return step


def smorms3(lr, eps):
    def step(w, g, s, t):
        mem = s.get('mem', 1.0)
        r = 1 / (mem + 1)
        s['g'] = (1 - r) * s.get('g', 0.0) + r * g
        s['g2'] = (1 - r) * s.get('g2', 0.0) + r * g * g
        x = s['g'] ** 2 / (s['g2'] + eps)
        s['mem'] = 1 + mem * (1 - x)
        return w - g * numpy.minimum(x, lr) / (numpy.sqrt(s['g2']) + eps)
    return step


def msvag(lr, beta, eta=1.0, weight_decay_rate=0.0):
    def step(w, g, s, t):
        bp = beta ** t
        rho = min((1 - beta) ** 2 * (1 - bp ** 2) / ((1 - bp) ** 2 * (1 - beta ** 2)), 0.9999)
        s['m'] = beta * s.get('m', 0.0) + (1 - beta) * g
        s['v'] = beta * s.get('v', 0.0) + (1 - beta) * g * g
        mt = s['m'] / (1 - bp)
        vt = s['v'] / (1 - bp)
        var = (vt - mt ** 2) / (1 - rho)
        with numpy.errstate(divide='ignore', invalid='ignore'):
            factor = numpy.clip(mt ** 2 / (mt ** 2 + rho * var), 0, 1)
        factor = numpy.where(numpy.isnan(factor), 0.0, factor)
        return w - eta * (lr * mt * factor + weight_decay_rate * w)
    return step


CASES = [
    ('SGD', dict(lr=0.1), sgd(0.1)),
    ('SGD', dict(), sgd(0.01)),
    ('MomentumSGD', dict(lr=0.1, momentum=0.8), momentum_sgd(0.1, 0.8)),
    ('MomentumSGD', dict(), momentum_sgd(0.01, 0.9)),
    ('CorrectedMomentumSGD', dict(lr=0.1, momentum=0.7), corrected_momentum_sgd(0.1, 0.7)),
    ('NesterovAG', dict(lr=0.1, momentum=0.8), nesterov_ag(0.1, 0.8)),
    ('AdaGrad', dict(lr=0.1, eps=0.01), ada_grad(0.1, 0.01)),
    ('AdaGrad', dict(), ada_grad(0.001, 1e-8)),
    ('AdaDelta', dict(rho=0.9, eps=0.01), ada_delta(0.9, 0.01)),
    ('AdaDelta', dict(), ada_delta(0.95, 1e-6)),
    ('RMSprop', dict(lr=0.1, alpha=0.9, eps=0.01), rmsprop(0.1, 0.9, 0.01, False)),
    ('RMSprop', dict(lr=0.1, alpha=0.9, eps=0.01, eps_inside_sqrt=True),
     rmsprop(0.1, 0.9, 0.01, True)),
    ('RMSpropGraves', dict(lr=0.1, alpha=0.9, momentum=0.8, eps=0.01),
     rmsprop_graves(0.1, 0.9, 0.8, 0.01)),
    ('RMSpropGraves', dict(), rmsprop_graves(1e-4, 0.95, 0.9, 1e-4)),
    ('Adam', dict(), adam()),
    ('Adam', dict(alpha=0.1, beta1=0.8, beta2=0.9, eps=0.01, eta=0.5, weight_decay_rate=0.1),
     adam(0.1, 0.8, 0.9, 0.01, 0.5, 0.1)),
    ('Adam', dict(alpha=0.1, amsgrad=True), adam(0.1, amsgrad=True)),
    ('AdamW', dict(alpha=0.05, weight_decay_rate=0.2, eta=0.7),
     adam(0.05, eta=0.7, weight_decay_rate=0.2)),
    ('AMSGrad', dict(alpha=0.1, beta2=0.5), adam(0.1, beta2=0.5, amsgrad=True)),
    ('AdaBound', dict(alpha=0.1, final_lr=0.05, gamma=0.1),
     adam(0.1, adabound=True, final_lr=0.05, gamma=0.1)),
    ('AMSBound', dict(alpha=0.1, beta2=0.5, final_lr=0.05, gamma=0.1),
     adam(0.1, beta2=0.5, amsgrad=True, adabound=True, final_lr=0.05, gamma=0.1)),
    ('SMORMS3', dict(lr=0.1, eps=1e-3), smorms3(0.1, 1e-3)),
    ('SMORMS3', dict(), smorms3(0.001, 1e-16)),
    ('MSVAG', dict(lr=0.1, beta=0.8), msvag(0.1, 0.8)),
    ('MSVAG', dict(lr=0.2, beta=0.9, eta=0.5, weight_decay_rate=0.1),
     msvag(0.2, 0.9, 0.5, 0.1)),
]


def _case_id(case):
    name, kwargs, _ = case
    return name + ''.join('-{}={}'.format(k, v) for k, v in kwargs.items())


@pytest.mark.parametrize('use_numba', [True, False])
@pytest.mark.parametrize('case', CASES, ids=[_case_id(c) for c in CASES])
def test_first_three_updates(case, use_numba):
    name, kwargs, rule = case
    model = Model()
    opt = getattr(optimizers, name)(**kwargs).setup(model)
    w = W0.copy()
    state = {}
    with kusari.using_config('use_numba', use_numba):
        for t in range(1, 4):
            opt.update(model.loss)
            w = rule(w, grad_of(w), state, t)
            numpy.testing.assert_allclose(model.w.array, w, rtol=1e-12, atol=1e-14,
                                          err_msg='update {}'.format(t))
    assert opt.t == 3
    assert model.w.update_rule.t == 3
    if 'clipped' in state:  # AdaBound's bounds must actually matter in this test
        assert state['clipped'] > 0


@pytest.mark.parametrize('case', CASES[::2], ids=[_case_id(c) for c in CASES[::2]])
def test_float32_kernel_matches_numpy_path(case):
    name, kwargs, _ = case
    results = []
    for use_numba in (True, False):
        model = Model(numpy.float32)
        opt = getattr(optimizers, name)(**kwargs).setup(model)
        with kusari.using_config('use_numba', use_numba):
            for _ in range(3):
                opt.update(model.loss)
        assert model.w.dtype == numpy.float32
        results.append(model.w.array)
    numpy.testing.assert_allclose(results[0], results[1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('name', ['SGD', 'MomentumSGD', 'Adam', 'AdaGrad', 'RMSprop',
                                  'MSVAG', 'SMORMS3', 'AMSBound'])
def test_float16_parameters(name):
    model16, model64 = Model(numpy.float16), Model()
    kwargs = dict(lr=0.01) if 'lr' in getattr(optimizers, name)().hyperparam.get_dict() \
        else dict(alpha=0.01)
    if name == 'RMSprop':  # the default eps (1e-8) is refused for float16, as in Chainer
        kwargs['eps'] = 1e-3
    opt16 = getattr(optimizers, name)(**kwargs).setup(model16)
    opt64 = getattr(optimizers, name)(**kwargs).setup(model64)
    for _ in range(3):
        opt16.update(model16.loss)
        opt64.update(model64.loss)
    assert model16.w.dtype == numpy.float16
    numpy.testing.assert_allclose(model16.w.array, model64.w.array, rtol=2e-2, atol=2e-3)
    assert not numpy.array_equal(model16.w.array, W0.astype(numpy.float16))


def test_defaults_match_chainer():
    expected = {
        'SGD': dict(lr=0.01),
        'MomentumSGD': dict(lr=0.01, momentum=0.9),
        'CorrectedMomentumSGD': dict(lr=0.01, momentum=0.9),
        'NesterovAG': dict(lr=0.01, momentum=0.9),
        'AdaGrad': dict(lr=0.001, eps=1e-8),
        'AdaDelta': dict(rho=0.95, eps=1e-6),
        'RMSprop': dict(lr=0.01, alpha=0.99, eps=1e-8, eps_inside_sqrt=False),
        'RMSpropGraves': dict(lr=1e-4, alpha=0.95, momentum=0.9, eps=1e-4),
        'Adam': dict(alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8, eta=1.0,
                     weight_decay_rate=0, amsgrad=False, adabound=False, final_lr=0.1,
                     gamma=1e-3),
        'AMSGrad': dict(amsgrad=True, adabound=False),
        'AdaBound': dict(amsgrad=False, adabound=True),
        'AMSBound': dict(amsgrad=True, adabound=True),
        'AdamW': dict(weight_decay_rate=0, amsgrad=False),
        'SMORMS3': dict(lr=0.001, eps=1e-16),
        'MSVAG': dict(lr=0.1, beta=0.9, eta=1.0, weight_decay_rate=0),
    }
    for name, hp in expected.items():
        opt = getattr(optimizers, name)()
        d = opt.hyperparam.get_dict()
        for key, value in hp.items():
            assert d[key] == value, (name, key)
            assert getattr(opt, key) == value, (name, key)


def test_adam_alpha_t_and_deprecated_lr():
    model = Model()
    opt = optimizers.Adam(alpha=0.1).setup(model)
    with pytest.raises(RuntimeError, match="Can't determine the learning rate"):
        opt.alpha_t
    opt.update(model.loss)
    expected = 0.1 * math.sqrt(1 - 0.999) / (1 - 0.9)
    assert opt.alpha_t == pytest.approx(expected)
    assert model.w.update_rule.alpha_t == pytest.approx(expected)
    with pytest.warns(DeprecationWarning, match='alpha_t'):
        assert opt.lr == pytest.approx(expected)
    with pytest.warns(DeprecationWarning, match='alpha_t'):
        assert model.w.update_rule.lr == pytest.approx(expected)


def test_adabound_bounds_need_a_step():
    rule = optimizers.AdaBound().create_update_rule()
    with pytest.raises(RuntimeError, match="bounds of AdaBound"):
        rule.bounds


def test_adam_eps_too_small_for_float16():
    model = Model(numpy.float16)
    opt = optimizers.Adam(eps=1e-60).setup(model)
    with pytest.raises(ValueError, match='eps of Adam optimizer is too small'):
        opt.update(model.loss)


def test_rmsprop_eps_too_small_for_float32():
    model = Model(numpy.float32)
    opt = optimizers.RMSprop(eps=1e-60).setup(model)
    with pytest.raises(ValueError, match='eps of RMSprop optimizer is too small for float32'):
        opt.update(model.loss)


def test_state_keys():
    expected = {
        'SGD': set(), 'MomentumSGD': {'v'}, 'CorrectedMomentumSGD': {'v'},
        'NesterovAG': {'v'}, 'AdaGrad': {'h'}, 'AdaDelta': {'msg', 'msdx'},
        'RMSprop': {'ms'}, 'RMSpropGraves': {'n', 'g', 'delta'}, 'Adam': {'m', 'v'},
        'AMSGrad': {'m', 'v', 'vhat'}, 'SMORMS3': {'mem', 'g', 'g2'}, 'MSVAG': {'m', 'v'},
    }
    for name, keys in expected.items():
        model = Model()
        getattr(optimizers, name)().setup(model).update(model.loss)
        assert set(model.w.update_rule.state) == keys, name


def test_hyperparameter_changes_take_effect_immediately():
    model = Model()
    opt = optimizers.SGD(lr=0.1).setup(model)
    opt.lr = 0.5
    assert opt.hyperparam.lr == 0.5
    opt.update(model.loss)
    numpy.testing.assert_allclose(model.w.array, W0 - 0.5 * grad_of(W0))
    model.w.update_rule.hyperparam.lr = 0.25   # this parameter only
    w1 = model.w.array.copy()
    opt.update(model.loss)
    numpy.testing.assert_allclose(model.w.array, w1 - 0.25 * grad_of(w1))
    assert opt.lr == 0.5


def test_numba_disabled_flag_is_honoured(monkeypatch):
    from kusari.optimizers import _kernels
    calls = []

    def fake_get(name):
        calls.append(name)
        return None
    monkeypatch.setattr(_kernels, 'get', fake_get)
    model = Model()
    optimizers.MomentumSGD().setup(model).update(model.loss)
    assert calls == ['momentum_sgd']
    monkeypatch.undo()
    with kusari.using_config('use_numba', False):
        assert _kernels.get('momentum_sgd') is None
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert _kernels.get('momentum_sgd') is not None


class _Scalar(kusari.Link):
    def __init__(self, shape):
        super().__init__()
        with self.init_scope():
            self.w = kusari.Parameter(numpy.full(shape, W0[2]))

    def loss(self):
        return F.sum(0.5 * A[2] * self.w * self.w + B[2] * self.w)


@pytest.mark.parametrize('name', sorted({c[0] for c in CASES}))
def test_zero_dimensional_parameter(name):
    # NumPy arithmetic on 0-d arrays gives scalars (no item assignment): a 0-d parameter
    # must update as a 1-element one does
    models = [_Scalar(()), _Scalar((1,))]
    opts = [getattr(optimizers, name)().setup(m) for m in models]
    for _ in range(3):
        for m, opt in zip(models, opts):
            opt.update(m.loss)
    assert models[0].w.shape == ()
    numpy.testing.assert_allclose(models[0].w.array, models[1].w.array[0], rtol=1e-14)
    assert models[0].w.array != W0[2]
