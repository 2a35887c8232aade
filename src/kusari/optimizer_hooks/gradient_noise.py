"""Add Gaussian noise to every gradient (Neelakantan et al., 2015)."""
import numpy


def exponential_decay_noise(xp, shape, dtype, hook, opt):
    """Noise of standard deviation ``sqrt(hook.eta / (1 + opt.t) ** 0.55)``.

    Parameters
    ----------
    xp : module
        numpy or cupy.
    shape : tuple of ints
        The gradient's shape.
    dtype : dtype
        The gradient's dtype.
    hook : GradientNoise
        The hook (for ``eta``).
    opt : UpdateRule
        The rule being updated (for ``t``).

    Returns
    -------
    array of ``shape`` and ``dtype``.
    """
    std = numpy.sqrt(hook.eta / numpy.power(1 + opt.t, 0.55))
    return xp.random.normal(0, std, shape).astype(dtype)


class GradientNoise:
    """Add ``noise_func(xp, shape, dtype, hook, rule)`` to each gradient, before the update.

    Parameters
    ----------
    eta : float
        The noise scale.
    noise_func : callable
        The noise generator (:func:`exponential_decay_noise` by default).
    """

    name = 'GradientNoise'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, eta, noise_func=exponential_decay_noise):
        self.eta = eta
        self.noise_func = noise_func

    def __call__(self, rule, param):
        g = param.grad
        if g is None:
            return
        g += self.noise_func(param.xp, g.shape, g.dtype, self, rule)
