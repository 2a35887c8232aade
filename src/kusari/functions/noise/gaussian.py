"""gaussian: sample ``mean + exp(ln_var / 2) * eps`` (reparameterization, every order)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.noise._kwargs import parse_kwargs
from kusari.utils import force_array, type_check


class Gaussian(FunctionNode):
    """``y = mean + exp(ln_var / 2) * eps`` with ``eps ~ N(0, 1)`` (drawn when not given)."""

    def __init__(self, eps=None):
        self.eps = eps

    def _check_data_type_forward(self, in_data):
        m, v = in_data
        label = self.label
        type_check.check_float(label, 'mean', m)
        if m.dtype != v.dtype:
            type_check.fail(label, 'mean.dtype == ln_var.dtype', '{} != {}'.format(
                m.dtype, v.dtype))
        if m.shape != v.shape:
            type_check.fail(label, 'mean.shape == ln_var.shape', '{} != {}'.format(
                m.shape, v.shape))

    def forward(self, inputs):
        self.retain_inputs((1,))
        mean, ln_var = inputs
        xp = backend.get_array_module(mean)
        if self.eps is None:
            if xp is numpy:
                eps = numpy.random.standard_normal(ln_var.shape)
            else:
                eps = xp.random.standard_normal(ln_var.shape, dtype=numpy.float32)
            self.eps = eps.astype(mean.dtype, copy=False)
        # a given eps moves to the device of mean; the backward uses that copy
        self.eps = xp.asarray(self.eps)
        eps = self.eps.astype(mean.dtype, copy=False)
        return force_array(mean + xp.exp(ln_var * mean.dtype.type(0.5)) * eps, mean.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        ln_var, = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(gy)
            else:
                eps = self.eps.astype(ln_var.dtype, copy=False)
                ret.append(gy * (exp(ln_var * 0.5) * eps) * 0.5)
        return tuple(ret)


def gaussian(mean, ln_var, **kwargs):
    """Draw from :math:`N(\\mu, \\sigma^2)` as :math:`\\mu + \\sigma \\epsilon`, so that the
    sample is differentiable in :math:`\\mu` and :math:`\\log \\sigma^2`.

    Samples in training and test mode alike.

    Parameters
    ----------
    mean : Variable or array
        :math:`\\mu`, float dtype.
    ln_var : Variable or array
        :math:`\\log \\sigma^2`, shape and dtype of ``mean``.
    eps : array, optional (keyword only)
        The standard normal noise to use instead of drawing it.
    return_eps : bool, optional (keyword only)
        Also return the noise.

    Returns
    -------
    Variable or (Variable, array)
        The sample, shape and dtype of ``mean``; with ``return_eps`` also ``eps``.
    """
    eps, return_eps = parse_kwargs('gaussian', kwargs, eps=None, return_eps=False)
    func = Gaussian(eps)
    out = func.apply((mean, ln_var))[0]
    if return_eps:
        return out, func.eps
    return out
