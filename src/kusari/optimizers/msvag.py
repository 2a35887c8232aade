"""M-SVAG (Balles and Hennig, 2018): momentum SGD with variance-adapted factors.

With ``bp = beta**t``::

    rho = min(0.9999, (1 - beta)**2 (1 - bp**2) / ((1 - bp)**2 (1 - beta**2)))
    m += (1 - beta) * (grad - m);  v += (1 - beta) * (grad**2 - v)
    mt = m / (1 - bp);  vt = v / (1 - bp);  s = (vt - mt**2) / (1 - rho)
    factor = clip(mt**2 / (mt**2 + rho * s), 0, 1)  (0 where undefined)
    param -= eta * (lr * mt * factor + weight_decay_rate * param)
"""
import contextlib

import numpy

from kusari import optimizer

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.1
_default_hyperparam.beta = 0.9
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0


class MSVAGRule(optimizer.UpdateRule):
    """The update rule of :class:`MSVAG` (states ``m`` and ``v``).

    ``beta**t`` is computed from the step count, so a rule restored from a snapshot
    continues exactly where it stopped.

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr, beta, eta, weight_decay_rate : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, beta=None, eta=None,
                 weight_decay_rate=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if beta is not None:
            self.hyperparam.beta = beta
        if eta is not None:
            self.hyperparam.eta = eta
        if weight_decay_rate is not None:
            self.hyperparam.weight_decay_rate = weight_decay_rate

    @property
    def beta_power(self):
        """``beta ** t`` of the current (or, before any update, the first) step."""
        return self.hyperparam.beta ** max(self.t, 1)

    def init_state(self, param):
        xp = param.xp
        self.state['m'] = xp.zeros_like(param.array)
        self.state['v'] = xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        self._update(param)

    def update_core_gpu(self, param):
        self._update(param)

    def _update(self, param):
        grad = param.grad
        if grad is None:
            return
        xp = param.xp
        hp = self.hyperparam
        m, v = self.state['m'], self.state['v']
        bp = self.beta_power
        rho = ((1.0 - hp.beta) ** 2 * (1.0 - bp ** 2)
               / ((1.0 - bp) ** 2 * (1.0 - hp.beta ** 2)))
        rho = min(rho, 0.9999)
        m += (1 - hp.beta) * (grad - m)
        v += (1 - hp.beta) * (grad * grad - v)
        mt = m / (1 - bp)
        vt = v / (1 - bp)
        mt2 = mt * mt
        s = (vt - mt2) / (1 - rho)
        with _errstate(xp):
            factor = xp.clip(mt2 / (mt2 + rho * s), 0, 1)
        # (a 0-d parameter makes NumPy scalars of these: no item assignment)
        factor = xp.where(xp.isnan(factor), factor.dtype.type(0), factor)
        p = param.array
        p -= hp.eta * (hp.lr * mt * factor + hp.weight_decay_rate * p)


def _errstate(xp):
    if xp is numpy:
        return numpy.errstate(divide='ignore', invalid='ignore')
    return contextlib.nullcontext()


class MSVAG(optimizer.GradientMethod):
    """M-SVAG.

    Parameters
    ----------
    lr : float
        The learning rate.
    beta : float
        The exponential decay rate of the moments.
    eta : float
        A schedule multiplier of the whole update.
    weight_decay_rate : float
        Decoupled weight decay.
    """

    def __init__(self, lr=_default_hyperparam.lr, beta=_default_hyperparam.beta,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.beta = beta
        self.hyperparam.eta = eta
        self.hyperparam.weight_decay_rate = weight_decay_rate

    lr = optimizer.HyperparameterProxy('lr')
    beta = optimizer.HyperparameterProxy('beta')
    eta = optimizer.HyperparameterProxy('eta')
    weight_decay_rate = optimizer.HyperparameterProxy('weight_decay_rate')

    def create_update_rule(self):
        return MSVAGRule(self.hyperparam)
