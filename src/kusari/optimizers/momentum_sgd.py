"""Momentum SGD: ``v = momentum * v - lr * grad; param += v``."""
from kusari import optimizer
from kusari.optimizers._momentum import VelocityRule

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class MomentumSGDRule(VelocityRule):
    """The update rule of :class:`MomentumSGD` (state ``v``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
        The learning rate.
    momentum : float, optional
        The exponential decay rate of the velocity.
    """

    _default_hyperparam = _default_hyperparam
    _kernel = 'momentum_sgd'

    def _update(self, p, grad, v, xp):
        hp = self.hyperparam
        v *= hp.momentum
        v -= hp.lr * grad
        p += v


class MomentumSGD(optimizer.GradientMethod):
    """Momentum SGD.

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
        return MomentumSGDRule(self.hyperparam)
