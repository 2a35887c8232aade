"""dropout: zero elements at random in training and scale the rest (every order)."""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.noise._kwargs import parse_kwargs
from kusari.utils import type_check
from kusari.variable import Variable, as_variable


class Dropout(FunctionNode):
    """``y = x * mask`` with ``mask`` 0 or ``1 / (1 - ratio)`` (drawn when not given)."""

    def __init__(self, dropout_ratio, mask=None, return_mask=False):
        if not 0.0 <= dropout_ratio < 1.0:
            raise ValueError('dropout_ratio must be in the range [0, 1)')
        self.dropout_ratio = dropout_ratio
        self.mask = mask
        self.return_mask = return_mask

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])
        m = self.mask
        if m is not None and m.shape != in_data[0].shape:
            type_check.fail(self.label, 'mask.shape == x.shape',
                            '{} != {}'.format(m.shape, in_data[0].shape))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        if self.mask is None:
            scale = x.dtype.type(1.0 / (1 - self.dropout_ratio))
            if xp is numpy:
                keep = numpy.random.rand(*x.shape) >= self.dropout_ratio
            else:
                keep = xp.random.rand(*x.shape, dtype=numpy.float32) >= self.dropout_ratio
            self.mask = keep * scale
        self.mask = xp.asarray(self.mask)   # a given mask moves to the device of x
        mask = self.mask.astype(x.dtype, copy=False)
        return x * mask,

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self.mask.astype(grad_outputs[0].dtype, copy=False),


def dropout(x, ratio=.5, **kwargs):
    """Drop elements of ``x`` at random with probability ``ratio`` and scale the rest by
    ``1 / (1 - ratio)``, in training mode (``kusari.config.train``); identity otherwise.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    ratio : float
        The dropping probability, in ``[0, 1)``.
    mask : array, optional (keyword only)
        A mask to use instead of drawing one: ``y = x * mask``; pass the mask a previous call
        returned to drop the same elements.
    return_mask : bool, optional (keyword only)
        Also return the mask (``None`` outside training).

    Returns
    -------
    Variable or (Variable, array)
        The output, shape and dtype of ``x``; with ``return_mask`` also the mask (0 where
        dropped, ``1 / (1 - ratio)`` elsewhere).
    """
    mask, return_mask = parse_kwargs('dropout', kwargs, mask=None, return_mask=False)
    if isinstance(mask, Variable):
        mask = mask.array
    if config.train:
        func = Dropout(ratio, mask, return_mask)
        out = func.apply((x,))[0]
        mask = func.mask
    else:
        out = as_variable(x)
        mask = None
    if return_mask:
        return out, mask
    return out
