"""Momentum SGD with the learning rate applied after the velocity (Goyal et al., 2017).

``v = momentum * v - grad; param += lr * v``: changing ``lr`` does not rescale the stored
velocity.
"""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class CorrectedMomentumSGDRule(optimizer.UpdateRule):
    """The update rule of :class:`CorrectedMomentumSGD` (state ``v``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
    momentum : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if momentum is not None:
            self.hyperparam.momentum = momentum

    def init_state(self, param):
        self.state['v'] = param.xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        v = self.state['v']
        kernel = _kernels.get('corrected_momentum_sgd')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad, v)
            if arrays is not None:
                t = param.array.dtype.type
                kernel(*arrays, t(self.hyperparam.lr), t(self.hyperparam.momentum))
                return
        self._update(param.array, grad, v, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        self._update(param.array, grad, self.state['v'], param.xp)

    def _update(self, p, grad, v, xp):
        hp = self.hyperparam
        v *= hp.momentum
        v -= grad
        p += hp.lr * v


class CorrectedMomentumSGD(optimizer.GradientMethod):
    """Momentum SGD whose velocity does not include the learning rate.

    Parameters
    ----------
    lr : float
        The learning rate.
    momentum : float
        The exponential decay rate of the velocity.
    """

    def __init__(self, lr=_default_hyperparam.lr, momentum=_default_hyperparam.momentum):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.momentum = momentum

    lr = optimizer.HyperparameterProxy('lr')
    momentum = optimizer.HyperparameterProxy('momentum')

    def create_update_rule(self):
        return CorrectedMomentumSGDRule(self.hyperparam)
