"""AdaGrad: ``h += grad**2; param -= lr * grad / (sqrt(h) + eps)``."""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.001
_default_hyperparam.eps = 1e-8


class AdaGradRule(optimizer.UpdateRule):
    """The update rule of :class:`AdaGrad` (state ``h``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
    eps : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if lr is not None:
            self.hyperparam.lr = lr
        if eps is not None:
            self.hyperparam.eps = eps

    def init_state(self, param):
        self.state['h'] = param.xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        h = self.state['h']
        kernel = _kernels.get('ada_grad')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad, h)
            if arrays is not None:
                t = param.array.dtype.type
                kernel(*arrays, t(self.hyperparam.lr), t(self.hyperparam.eps))
                return
        self._update(param.array, grad, h, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        self._update(param.array, grad, self.state['h'], param.xp)

    def _update(self, p, grad, h, xp):
        hp = self.hyperparam
        h += grad * grad
        denom = xp.sqrt(h)
        denom += hp.eps
        p -= hp.lr * grad / denom


class AdaGrad(optimizer.GradientMethod):
    """AdaGrad (Duchi et al., 2011).

    Parameters
    ----------
    lr : float
        The learning rate.
    eps : float
        Added to the denominator for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.eps = eps

    lr = optimizer.HyperparameterProxy('lr')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return AdaGradRule(self.hyperparam)
