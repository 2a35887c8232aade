"""Nesterov's accelerated gradient (the form of Sutskever et al., 2013).

``v = momentum * v - lr * grad; param += momentum**2 * v - (1 + momentum) * lr * grad``.
"""
from kusari import optimizer
from kusari.optimizers._momentum import VelocityRule

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class NesterovAGRule(VelocityRule):
    """The update rule of :class:`NesterovAG` (state ``v``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
    momentum : float, optional
    """

    _default_hyperparam = _default_hyperparam
    _kernel = 'nesterov_ag'

    def _update(self, p, grad, v, xp):
        lr, momentum = self.hyperparam.lr, self.hyperparam.momentum
        v *= momentum
        v -= lr * grad
        p += momentum * momentum * v
        p -= (1 + momentum) * lr * grad


class NesterovAG(optimizer.GradientMethod):
    """Nesterov's accelerated gradient.

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
        return NesterovAGRule(self.hyperparam)
