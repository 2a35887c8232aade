"""RMSprop (Tieleman and Hinton, 2012).

``ms = alpha * ms + (1 - alpha) * grad**2;  param -= lr * grad / (sqrt(ms) + eps)``
(``sqrt(ms + eps)`` with ``eps_inside_sqrt=True``).
"""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.alpha = 0.99
_default_hyperparam.eps = 1e-8
_default_hyperparam.eps_inside_sqrt = False


class RMSpropRule(optimizer.UpdateRule):
    """The update rule of :class:`RMSprop` (state ``ms``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr, alpha, eps : float, optional
    eps_inside_sqrt : bool, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, eps=None,
                 eps_inside_sqrt=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if alpha is not None:
            self.hyperparam.alpha = alpha
        if eps is not None:
            self.hyperparam.eps = eps
        if eps_inside_sqrt is not None:
            self.hyperparam.eps_inside_sqrt = eps_inside_sqrt

    def init_state(self, param):
        self.state['ms'] = param.xp.zeros_like(param.array)

    def _eps(self, dtype):
        hp = self.hyperparam
        eps = dtype.type(hp.eps)
        if hp.eps != 0 and eps == 0:
            raise ValueError('eps of RMSprop optimizer is too small for {} ({})'.format(
                dtype.name, hp.eps))
        return eps

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        eps = self._eps(grad.dtype)
        ms = self.state['ms']
        kernel = _kernels.get('rmsprop')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad, ms)
            if arrays is not None:
                hp = self.hyperparam
                t = param.array.dtype.type
                kernel(*arrays, t(hp.lr), t(hp.alpha), t(1 - hp.alpha), eps,
                       bool(hp.eps_inside_sqrt))
                return
        self._update(param.array, grad, ms, eps, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        self._update(param.array, grad, self.state['ms'], self._eps(grad.dtype), param.xp)

    def _update(self, p, grad, ms, eps, xp):
        hp = self.hyperparam
        ms *= hp.alpha
        ms += (1 - hp.alpha) * grad * grad
        if hp.eps_inside_sqrt:
            denom = xp.sqrt(ms + eps)
        else:
            denom = xp.sqrt(ms)
            denom += eps
        p -= hp.lr * grad / denom


class RMSprop(optimizer.GradientMethod):
    """RMSprop.

    Parameters
    ----------
    lr : float
        The learning rate.
    alpha : float
        The exponential decay rate of the second moment.
    eps : float
        Added to the denominator for stability.
    eps_inside_sqrt : bool
        Add ``eps`` inside the square root instead.
    """

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 eps=_default_hyperparam.eps,
                 eps_inside_sqrt=_default_hyperparam.eps_inside_sqrt):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.alpha = alpha
        self.hyperparam.eps = eps
        self.hyperparam.eps_inside_sqrt = eps_inside_sqrt

    lr = optimizer.HyperparameterProxy('lr')
    alpha = optimizer.HyperparameterProxy('alpha')
    eps = optimizer.HyperparameterProxy('eps')
    eps_inside_sqrt = optimizer.HyperparameterProxy('eps_inside_sqrt')

    def create_update_rule(self):
        return RMSpropRule(self.hyperparam)
