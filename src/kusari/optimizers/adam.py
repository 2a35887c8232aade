"""Adam and its variants: AdamW, AMSGrad, AdaBound, AMSBound.

With ``alpha_t = alpha * sqrt(1 - beta2**t) / (1 - beta1**t)``::

    m += (1 - beta1) * (grad - m)
    v += (1 - beta2) * (grad**2 - v)
    vhat = max(vhat, v)                 (amsgrad; otherwise vhat = v)
    step = alpha_t / (sqrt(vhat) + eps)
    step = clip(step, lower_t, upper_t) (adabound)
    param -= eta * (step * m + weight_decay_rate * param)

AdaBound's bounds are ``final_lr * (1 - 1 / (gamma * t + 1))`` and
``final_lr * (1 + 1 / (gamma * t))``, with ``final_lr`` scaled by ``alpha / initial alpha``.
float16 parameters are updated with float32 intermediates.
"""
import math
import warnings

import numpy

from kusari import optimizer
from kusari.optimizers import _kernels

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.alpha = 0.001
_default_hyperparam.beta1 = 0.9
_default_hyperparam.beta2 = 0.999
_default_hyperparam.eps = 1e-8
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0
_default_hyperparam.amsgrad = False
_default_hyperparam.adabound = False
_default_hyperparam.final_lr = 0.1
_default_hyperparam.gamma = 1e-3


def _learning_rate(hp, t):
    if t == 0:
        raise RuntimeError("Can't determine the learning rate of Adam optimizer because the "
                           'update steps have not been started.')
    fix1 = 1. - math.pow(hp.beta1, t)
    fix2 = 1. - math.pow(hp.beta2, t)
    return hp.alpha * math.sqrt(fix2) / fix1


def _interm_dtype(dtype):
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else numpy.dtype(dtype)


class AdamRule(optimizer.UpdateRule):
    """The update rule of :class:`Adam` (states ``m``, ``v`` and, with amsgrad, ``vhat``).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
    alpha, beta1, beta2, eps, eta, weight_decay_rate, final_lr, gamma : float, optional
    amsgrad, adabound : bool, optional
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, alpha=None, beta1=None, beta2=None, eps=None,
                 eta=None, weight_decay_rate=None, amsgrad=None, adabound=None,
                 final_lr=None, gamma=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        for name, value in (('alpha', alpha), ('beta1', beta1), ('beta2', beta2),
                            ('eps', eps), ('eta', eta),
                            ('weight_decay_rate', weight_decay_rate), ('amsgrad', amsgrad),
                            ('adabound', adabound), ('final_lr', final_lr),
                            ('gamma', gamma)):
            if value is not None:
                setattr(self.hyperparam, name, value)
        if self.hyperparam.adabound:
            self.initial_alpha = self.hyperparam.alpha

    def init_state(self, param):
        xp = param.xp
        self.state['m'] = xp.zeros_like(param.array)
        self.state['v'] = xp.zeros_like(param.array)
        if self.hyperparam.amsgrad:
            self.state['vhat'] = xp.zeros_like(param.array)

    def _check_eps(self, dtype):
        hp = self.hyperparam
        if hp.eps != 0 and dtype.type(hp.eps) == 0:
            raise ValueError('eps of Adam optimizer is too small for {} ({})'.format(
                dtype.name, hp.eps))

    @property
    def alpha_t(self):
        """The bias-corrected step size of the current update."""
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t`."""
        warnings.warn('AdamRule.lr has been renamed to AdamRule.alpha_t. Use of AdamRule.lr '
                      'is deprecated in Chainer v6.', DeprecationWarning)
        return self.alpha_t

    @property
    def bounds(self):
        """AdaBound's ``(lower, upper)`` step bounds at the current update."""
        if self.t == 0:
            raise RuntimeError("Can't determine the bounds of AdaBound optimizer because the "
                               'update steps have not been started.')
        hp = self.hyperparam
        initial_alpha = getattr(self, 'initial_alpha', hp.alpha)
        final_lr = hp.final_lr * hp.alpha / initial_alpha
        lower = final_lr * (1.0 - 1.0 / (hp.gamma * self.t + 1))
        upper = final_lr * (1.0 + 1.0 / (hp.gamma * self.t))
        return lower, upper

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        p = param.array
        dtype = _interm_dtype(p.dtype)
        self._check_eps(dtype)
        state = self._state
        m, v = state['m'], state['v']
        if dtype == p.dtype:
            amsgrad, adabound = hp.amsgrad, hp.adabound
            name = 'adam_general' if amsgrad or adabound else 'adam'
            kernel = _kernels.get(name)
            if kernel is not None:
                vhat = state['vhat'] if amsgrad else v
                arrays = _kernels.flat(p, grad, m, v, vhat)
                if arrays is not None:
                    t = dtype.type
                    eta = hp.eta
                    coeffs = (t(1 - hp.beta1), t(1 - hp.beta2), t(self.alpha_t), t(hp.eps),
                              t(1 - eta * hp.weight_decay_rate), t(eta))
                    if name == 'adam':
                        kernel(*arrays[:4], *coeffs)
                    else:
                        lower, upper = self.bounds if adabound else (0.0, numpy.inf)
                        kernel(*arrays, *coeffs, bool(amsgrad), t(lower), t(upper))
                    return
        self._update(p, grad, m, v, numpy, dtype)

    def update_core_gpu(self, param):
        grad = param.grad
        if grad is None:
            return
        dtype = _interm_dtype(param.array.dtype)
        self._check_eps(dtype)
        self._update(param.array, grad, self.state['m'], self.state['v'], param.xp, dtype)

    def _update(self, p, grad, m, v, xp, dtype):
        hp = self.hyperparam
        grad = grad.astype(dtype, copy=False)
        m += (1.0 - hp.beta1) * (grad - m)
        v += (1.0 - hp.beta2) * (grad * grad - v)
        if hp.amsgrad:
            vhat = self.state['vhat']
            xp.maximum(vhat, v, out=vhat)
        else:
            vhat = v
        step = xp.sqrt(vhat.astype(dtype, copy=False))
        step += hp.eps
        xp.divide(dtype.type(self.alpha_t), step, out=step)
        if hp.adabound:
            lower, upper = self.bounds
            xp.clip(step, lower, upper, out=step)
        step *= m
        decay = 1.0 - hp.eta * hp.weight_decay_rate
        if decay != 1.0:
            p *= decay
        if hp.eta != 1.0:
            step *= hp.eta
        p -= step


class Adam(optimizer.GradientMethod):
    """Adam (Kingma and Ba, 2015), with the AdamW, AMSGrad and AdaBound options.

    Parameters
    ----------
    alpha : float
        The step size.
    beta1, beta2 : float
        The exponential decay rates of the first and second moments.
    eps : float
        Added to the denominator for stability.
    eta : float
        A schedule multiplier of the whole update (AdamW).
    weight_decay_rate : float
        Decoupled weight decay (AdamW).
    amsgrad : bool
        Use the running maximum of the second moment (AMSGrad).
    adabound : bool
        Clip the step into bounds converging to ``final_lr`` (AdaBound).
    final_lr : float
        AdaBound's final learning rate.
    gamma : float
        AdaBound's convergence speed of the bounds.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate,
                 amsgrad=_default_hyperparam.amsgrad, adabound=_default_hyperparam.adabound,
                 final_lr=_default_hyperparam.final_lr, gamma=_default_hyperparam.gamma):
        super().__init__()
        hp = self.hyperparam
        hp.alpha = alpha
        hp.beta1 = beta1
        hp.beta2 = beta2
        hp.eps = eps
        hp.eta = eta
        hp.weight_decay_rate = weight_decay_rate
        hp.amsgrad = amsgrad
        hp.adabound = adabound
        hp.final_lr = final_lr
        hp.gamma = gamma

    alpha = optimizer.HyperparameterProxy('alpha')
    beta1 = optimizer.HyperparameterProxy('beta1')
    beta2 = optimizer.HyperparameterProxy('beta2')
    eps = optimizer.HyperparameterProxy('eps')
    eta = optimizer.HyperparameterProxy('eta')
    weight_decay_rate = optimizer.HyperparameterProxy('weight_decay_rate')
    amsgrad = optimizer.HyperparameterProxy('amsgrad')
    adabound = optimizer.HyperparameterProxy('adabound')
    final_lr = optimizer.HyperparameterProxy('final_lr')
    gamma = optimizer.HyperparameterProxy('gamma')

    def create_update_rule(self):
        return AdamRule(self.hyperparam)

    @property
    def alpha_t(self):
        """The bias-corrected step size at the optimizer's step count."""
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t`."""
        warnings.warn('Adam.lr has been renamed to AdamRule.alpha_t. Use of Adam.lr is '
                      'deprecated in Chainer v6.', DeprecationWarning)
        return self.alpha_t


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter, 2019).

    Parameters
    ----------
    alpha, beta1, beta2, eps, eta, weight_decay_rate : float
        As for :class:`Adam`.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         weight_decay_rate=weight_decay_rate)


class AMSGrad(Adam):
    """AMSGrad (Reddi et al., 2018): Adam with the running maximum of ``v``.

    Parameters
    ----------
    alpha, beta1, beta2, eps, eta : float
        As for :class:`Adam`.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         amsgrad=True)


class AdaBound(Adam):
    """AdaBound (Luo et al., 2019): Adam with the step clipped into converging bounds.

    Parameters
    ----------
    alpha, beta1, beta2, final_lr, gamma, eps, eta : float
        As for :class:`Adam`.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, final_lr=_default_hyperparam.final_lr,
                 gamma=_default_hyperparam.gamma, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         amsgrad=False, adabound=True, final_lr=final_lr, gamma=gamma)


class AMSBound(Adam):
    """AMSBound (Luo et al., 2019): AMSGrad with AdaBound's clipping.

    Parameters
    ----------
    alpha, beta1, beta2, final_lr, gamma, eps, eta : float
        As for :class:`Adam`.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, final_lr=_default_hyperparam.final_lr,
                 gamma=_default_hyperparam.gamma, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         amsgrad=True, adabound=True, final_lr=final_lr, gamma=gamma)
