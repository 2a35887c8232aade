"""Stochastic gradient descent: ``param -= lr * grad``."""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01


class SGDRule(optimizer.UpdateRule):
    """The update rule of :class:`SGD`.

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
        The learning rate.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        kernel = _kernels.get('sgd')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad)
            if arrays is not None:
                kernel(*arrays, param.array.dtype.type(self.hyperparam.lr))
                return
        self._update(param.array, grad, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        self._update(param.array, grad, param.xp)

    def _update(self, p, grad, xp):
        p -= self.hyperparam.lr * grad


class SGD(optimizer.GradientMethod):
    """Vanilla stochastic gradient descent.

    Parameters
    ----------
    lr : float
        The learning rate.
    """

    def __init__(self, lr=_default_hyperparam.lr):
        super().__init__()
        self.hyperparam.lr = lr

    lr = optimizer.HyperparameterProxy('lr')

    def create_update_rule(self):
        return SGDRule(self.hyperparam)
