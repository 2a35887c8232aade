"""Momentum SGD with the learning rate applied after the velocity (Goyal et al., 2017).

``v = momentum * v - grad; param += lr * v``: changing ``lr`` does not rescale the stored
velocity.
"""
from kusari import optimizer
from kusari.optimizers._momentum import VelocityRule

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class CorrectedMomentumSGDRule(VelocityRule):
    """The update rule of :class:`CorrectedMomentumSGD` (state ``v``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
    momentum : float, optional
    """

    _default_hyperparam = _default_hyperparam
    _kernel = 'corrected_momentum_sgd'

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
