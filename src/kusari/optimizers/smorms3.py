"""SMORMS3 (Simon Funk, 2015).

``r = 1 / (mem + 1);  g = (1 - r) * g + r * grad;  g2 = (1 - r) * g2 + r * grad**2;
x = g**2 / (g2 + eps);  param -= grad * min(lr, x) / (sqrt(g2) + eps);  mem = 1 + mem * (1 - x)``.
"""
from kusari import optimizer

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.001
_default_hyperparam.eps = 1e-16


class SMORMS3Rule(optimizer.UpdateRule):
    """The update rule of :class:`SMORMS3` (states ``mem``, ``g`` and ``g2``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr, eps : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if eps is not None:
            self.hyperparam.eps = eps

    def init_state(self, param):
        xp = param.xp
        self.state['mem'] = xp.ones_like(param.array)
        self.state['g'] = xp.zeros_like(param.array)
        self.state['g2'] = xp.zeros_like(param.array)

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
        mem, g, g2 = self.state['mem'], self.state['g'], self.state['g2']
        r = 1 / (mem + 1)
        g *= 1 - r
        g += r * grad
        g2 *= 1 - r
        g2 += r * grad * grad
        x = g * g / (g2 + hp.eps)
        param.array -= grad * xp.minimum(x, hp.lr) / (xp.sqrt(g2) + hp.eps)
        mem *= 1 - x
        mem += 1


class SMORMS3(optimizer.GradientMethod):
    """SMORMS3: RMSprop with an adaptive averaging window.

    Parameters
    ----------
    lr : float
        The learning rate.
    eps : float
        Added to the denominators for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.eps = eps

    lr = optimizer.HyperparameterProxy('lr')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return SMORMS3Rule(self.hyperparam)
