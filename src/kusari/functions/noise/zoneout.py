"""zoneout: keep each unit of the previous state at random (every order)."""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.noise._kwargs import parse_kwargs
from kusari.utils import type_check
from kusari.variable import as_variable


class Zoneout(FunctionNode):
    """``y = h * (1 - m) + x * m`` with ``m`` 1 with probability ``1 - ratio``."""

    def __init__(self, zoneout_ratio):
        self.zoneout_ratio = zoneout_ratio

    def _check_data_type_forward(self, in_data):
        h, x = in_data
        if h.dtype != x.dtype or h.shape != x.shape:
            type_check.fail(self.label, 'h.shape == x.shape and h.dtype == x.dtype',
                            'h: {} {}, x: {} {}'.format(h.shape, h.dtype, x.shape, x.dtype))

    def forward(self, inputs):
        h, x = inputs
        xp = backend.get_array_module(x)
        rand = numpy.random.rand(*x.shape) if xp is numpy else xp.random.rand(*x.shape)
        flag_x = rand >= self.zoneout_ratio
        self.flag_x = flag_x.astype(x.dtype)
        self.flag_h = (~flag_x).astype(x.dtype)
        return h * self.flag_h + x * self.flag_x,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return tuple(gy * (self.flag_h if i == 0 else self.flag_x) for i in indexes)


def zoneout(h, x, ratio=.5, **kwargs):
    """Zoneout: in training, each unit takes the previous state ``h`` with probability
    ``ratio`` and the new state ``x`` otherwise; outside training the result is ``x``.

    Parameters
    ----------
    h : Variable or array
        The previous state.
    x : Variable or array
        The new state, shape and dtype of ``h``.
    ratio : float
        The probability of keeping ``h``.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.
    """
    parse_kwargs('zoneout', kwargs)
    if config.train:
        return Zoneout(ratio).apply((h, x))[0]
    return as_variable(x)
