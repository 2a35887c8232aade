"""The shared body of the update rules that keep one velocity ``v`` per parameter.

:class:`~kusari.optimizers.MomentumSGD`, :class:`~kusari.optimizers.NesterovAG` and
:class:`~kusari.optimizers.CorrectedMomentumSGD` differ only in the arithmetic of one step.
"""
import numpy

from kusari import optimizer
from kusari.optimizers import _kernels


class VelocityRule(optimizer.UpdateRule):
    """Base of an update rule with hyperparameters ``lr`` and ``momentum`` and a state ``v``.

    A subclass sets ``_default_hyperparam`` (used when no parent is given) and ``_kernel``
    (the name of its fused CPU kernel in :mod:`kusari.optimizers._kernels`, called as
    ``kernel(p, grad, v, lr, momentum)`` on flat arrays), and defines
    ``_update(p, grad, v, xp)``, the same step in place with NumPy or CuPy.

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    lr : float, optional
        The learning rate.
    momentum : float, optional
        The exponential decay rate of the velocity.
    """

    is_elementwise = True
    _default_hyperparam = None
    _kernel = None

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        super().__init__(parent_hyperparam or self._default_hyperparam)
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
        kernel = _kernels.get(self._kernel)
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
        raise NotImplementedError
