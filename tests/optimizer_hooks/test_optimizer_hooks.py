"""Optimizer hooks: each changes the gradient as its published rule says, before the update."""
import numpy
import pytest

import kusari
from kusari import optimizer_hooks, optimizers

P = numpy.array([[0.5, -1.5, 0.0], [2.0, -0.25, 1.0]])
G = numpy.array([[0.3, 0.1, -2.0], [-0.5, 4.0, 0.2]])
Q = numpy.array([0.01, -0.02])
H = numpy.array([1.0, -3.0])


class Two(kusari.Link):
    def __init__(self, dtype=numpy.float64):
        super().__init__()
        with self.init_scope():
            self.p = kusari.Parameter(P.astype(dtype))
            self.q = kusari.Parameter(Q.astype(dtype))


def _step(hook, dtype=numpy.float64, loss_scale=None):
    """One SGD(lr=1) step with ``hook``; returns the applied gradients."""
    model = Two(dtype)
    opt = optimizers.SGD(lr=1.0).setup(model)
    opt.add_hook(hook)
    model.p.grad = G.astype(dtype)
    model.q.grad = H.astype(dtype)
    if loss_scale is not None:
        model.p.grad *= loss_scale
        model.q.grad *= loss_scale
        model.p._loss_scale = model.q._loss_scale = loss_scale
    opt.update()
    return P - model.p.array, Q - model.q.array


def test_weight_decay():
    gp, gq = _step(optimizer_hooks.WeightDecay(0.1))
    numpy.testing.assert_allclose(gp, G + 0.1 * P)
    numpy.testing.assert_allclose(gq, H + 0.1 * Q)


def test_weight_decay_with_loss_scale():
    gp, _ = _step(optimizer_hooks.WeightDecay(0.1), loss_scale=64.0)
    numpy.testing.assert_allclose(gp, G + 0.1 * P)


def test_lasso():
    gp, gq = _step(optimizer_hooks.Lasso(0.2))
    numpy.testing.assert_allclose(gp, G + 0.2 * numpy.sign(P))
    numpy.testing.assert_allclose(gq, H + 0.2 * numpy.sign(Q))


def test_lasso_with_loss_scale():
    gp, _ = _step(optimizer_hooks.Lasso(0.2), loss_scale=8.0)
    numpy.testing.assert_allclose(gp, G + 0.2 * numpy.sign(P))


@pytest.mark.parametrize('threshold', [1.0, 100.0])
def test_gradient_clipping(threshold):
    norm = numpy.sqrt((G ** 2).sum() + (H ** 2).sum())
    gp, gq = _step(optimizer_hooks.GradientClipping(threshold))
    rate = min(1.0, threshold / norm)
    numpy.testing.assert_allclose(gp, G * rate)
    numpy.testing.assert_allclose(gq, H * rate)
    if threshold == 1.0:
        assert numpy.sqrt((gp ** 2).sum() + (gq ** 2).sum()) == pytest.approx(1.0)


def test_gradient_clipping_float16():
    gp, _ = _step(optimizer_hooks.GradientClipping(1.0), dtype=numpy.float16)
    norm = numpy.sqrt((G ** 2).sum() + (H ** 2).sum())
    numpy.testing.assert_allclose(gp, G / norm, rtol=1e-2, atol=1e-3)


def test_gradient_hard_clipping():
    gp, gq = _step(optimizer_hooks.GradientHardClipping(-0.4, 0.25))
    numpy.testing.assert_allclose(gp, numpy.clip(G, -0.4, 0.25))
    numpy.testing.assert_allclose(gq, numpy.clip(H, -0.4, 0.25))


def test_gradient_noise_uses_noise_func_with_rule_step():
    calls = []

    def noise(xp, shape, dtype, hook, rule):
        calls.append((shape, dtype, hook.eta, rule.t))
        return xp.full(shape, 0.5, dtype)
    gp, gq = _step(optimizer_hooks.GradientNoise(0.3, noise_func=noise))
    numpy.testing.assert_allclose(gp, G + 0.5)
    numpy.testing.assert_allclose(gq, H + 0.5)
    assert calls == [((2, 3), numpy.float64, 0.3, 0), ((2,), numpy.float64, 0.3, 0)]


def test_gradient_noise_default_scale():
    from kusari.optimizer_hooks.gradient_noise import exponential_decay_noise

    class Rule:
        t = 3
    hook = optimizer_hooks.GradientNoise(2.0)
    numpy.random.seed(1)
    noise = exponential_decay_noise(numpy, (20000,), numpy.float32, hook, Rule())
    assert noise.dtype == numpy.float32
    assert noise.std() == pytest.approx(numpy.sqrt(2.0 / 4 ** 0.55), rel=0.03)


@pytest.mark.parametrize('threshold', [0.01, 10.0])
def test_gradient_lars(threshold):
    wd, eps = 0.1, 1e-9
    gp, gq = _step(optimizer_hooks.GradientLARS(threshold=threshold, weight_decay=wd, eps=eps))
    for g, p, got in ((G, P, gp), (H, Q, gq)):
        pn, gn = numpy.linalg.norm(p), numpy.linalg.norm(g)
        rate = pn / (eps + gn + wd * pn) if pn > threshold else 1.0
        numpy.testing.assert_allclose(got, (g + wd * p) * rate)


def test_hook_names_and_timing():
    for cls, args in ((optimizer_hooks.WeightDecay, (0.1,)), (optimizer_hooks.Lasso, (0.1,)),
                      (optimizer_hooks.GradientClipping, (1.0,)),
                      (optimizer_hooks.GradientHardClipping, (-1.0, 1.0)),
                      (optimizer_hooks.GradientNoise, (0.1,)),
                      (optimizer_hooks.GradientLARS, ())):
        hook = cls(*args)
        assert hook.name == cls.__name__
        assert hook.timing == 'pre'
    assert not getattr(optimizer_hooks.GradientClipping(1.0), 'call_for_each_param', False)
    assert optimizer_hooks.WeightDecay(0.1).call_for_each_param
