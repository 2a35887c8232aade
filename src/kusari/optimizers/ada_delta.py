"""AdaDelta (Zeiler, 2012).

``msg = rho * msg + (1 - rho) * grad**2;  dx = sqrt((msdx + eps) / (msg + eps)) * grad;
msdx = rho * msdx + (1 - rho) * dx**2;  param -= dx``.
"""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.rho = 0.95
_default_hyperparam.eps = 1e-6


class AdaDeltaRule(optimizer.UpdateRule):
    """The update rule of :class:`AdaDelta` (states ``msg`` and ``msdx``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    rho : float, optional
    eps : float, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, rho=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        if rho is not None:
            self.hyperparam.rho = rho
        if eps is not None:
            self.hyperparam.eps = eps

    def init_state(self, param):
        xp = param.xp
        self.state['msg'] = xp.zeros_like(param.array)
        self.state['msdx'] = xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        msg, msdx = self.state['msg'], self.state['msdx']
        kernel = _kernels.get('ada_delta')
        if kernel is not None:
            arrays = _kernels.flat(param.array, grad, msg, msdx)
            if arrays is not None:
                t = param.array.dtype.type
                rho = self.hyperparam.rho
                kernel(*arrays, t(rho), t(1 - rho), t(self.hyperparam.eps))
                return
        self._update(param.array, grad, msg, msdx, numpy)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        self._update(param.array, grad, self.state['msg'], self.state['msdx'], param.xp)

    def _update(self, p, grad, msg, msdx, xp):
        rho, eps = self.hyperparam.rho, self.hyperparam.eps
        msg *= rho
        msg += (1 - rho) * grad * grad
        dx = xp.sqrt((msdx + eps) / (msg + eps)) * grad
        msdx *= rho
        msdx += (1 - rho) * dx * dx
        p -= dx


class AdaDelta(optimizer.GradientMethod):
    """AdaDelta.

    Parameters
    ----------
    rho : float
        The exponential decay rate of the moving averages.
    eps : float
        Added inside the square roots for stability.
    """

    def __init__(self, rho=_default_hyperparam.rho, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.rho = rho
        self.hyperparam.eps = eps

    rho = optimizer.HyperparameterProxy('rho')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return AdaDeltaRule(self.hyperparam)
