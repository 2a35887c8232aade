"""RMSprop in the form of Graves (2013), with momentum.

``n = alpha * n + (1 - alpha) * grad**2;  g = alpha * g + (1 - alpha) * grad;
delta = momentum * delta - lr * grad / sqrt(n - g**2 + eps);  param += delta``.
"""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 1e-4
_default_hyperparam.alpha = 0.95
_default_hyperparam.momentum = 0.9
_default_hyperparam.eps = 1e-4


class RMSpropGravesRule(optimizer.UpdateRule):
    """The update rule of :class:`RMSpropGraves` (states ``n``, ``g`` and ``delta``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr, alpha, momentum, eps : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, momentum=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if alpha is not None:
            self.hyperparam.alpha = alpha
        if momentum is not None:
            self.hyperparam.momentum = momentum
        if eps is not None:
            self.hyperparam.eps = eps

    def init_state(self, param):
        xp = param.xp
        self.state['n'] = xp.zeros_like(param.array)
        self.state['g'] = xp.zeros_like(param.array)
        self.state['delta'] = xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        n, g, delta = self.state['n'], self.state['g'], self.state['delta']
        kernel = _kernels.get('rmsprop_graves')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad, n, g, delta)
            if arrays is not None:
                hp = self.hyperparam
                t = param.array.dtype.type
                kernel(*arrays, t(hp.lr), t(hp.alpha), t(1 - hp.alpha), t(hp.momentum),
                       t(hp.eps))
                return
        self._update(param.array, grad, n, g, delta, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        s = self.state
        self._update(param.array, grad, s['n'], s['g'], s['delta'], param.xp)

    def _update(self, p, grad, n, g, delta, xp):
        hp = self.hyperparam
        n *= hp.alpha
        n += (1 - hp.alpha) * grad * grad
        g *= hp.alpha
        g += (1 - hp.alpha) * grad
        delta *= hp.momentum
        delta -= hp.lr * grad / xp.sqrt(n - g * g + hp.eps)
        p += delta


class RMSpropGraves(optimizer.GradientMethod):
    """RMSprop with the centered second moment and momentum of Graves (2013).

    Parameters
    ----------
    lr : float
        The learning rate.
    alpha : float
        The exponential decay rate of the moments.
    momentum : float
        The exponential decay rate of the update.
    eps : float
        Added inside the square root for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 momentum=_default_hyperparam.momentum, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.alpha = alpha
        self.hyperparam.momentum = momentum
        self.hyperparam.eps = eps

    lr = optimizer.HyperparameterProxy('lr')
    alpha = optimizer.HyperparameterProxy('alpha')
    momentum = optimizer.HyperparameterProxy('momentum')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return RMSpropGravesRule(self.hyperparam)
