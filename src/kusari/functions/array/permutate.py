"""permutate: reorder along an axis by a permutation; the backward is the inverse one."""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import Variable


def _check_indices(indices):
    indices = backend.CpuDevice().send(indices)
    n = len(indices)
    for i in indices:
        if not 0 <= i < n:
            raise ValueError('Out of bounds index: {}'.format(i))
    s = numpy.sort(indices)
    dup = s[1:][s[1:] == s[:-1]]
    if dup.size:
        raise ValueError('indices contains duplicate value: {}'.format(dup[0]))


def _inverse(indices):
    xp = backend.get_array_module(indices)
    inv = xp.empty_like(indices)
    inv[indices] = xp.arange(len(indices), dtype=indices.dtype)
    return inv


class Permutate(FunctionNode):
    """``y = x.take(indices, axis)`` (``inv``: ``y.take(indices, axis) = x``)."""

    def __init__(self, indices, axis, inv):
        self.indices = indices
        self.axis = axis
        self.inv = inv

    def _check_data_type_forward(self, in_data):
        x, = in_data
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))
        if x.shape[self.axis] != len(self.indices):
            type_check.fail(self.label, 'x.shape[axis] == len(indices)',
                            '{} != {}'.format(x.shape[self.axis], len(self.indices)))

    def forward(self, inputs):
        x, = inputs
        if config.debug:
            _check_indices(self.indices)
        ind = _inverse(self.indices) if self.inv else self.indices
        return x.take(ind, axis=self.axis),

    def backward(self, indexes, grad_outputs):
        return Permutate(self.indices, self.axis, not self.inv).apply(grad_outputs)


def permutate(x, indices, axis=0, inv=False):
    """Permute ``x`` along ``axis``: ``y[..., i, ...] = x[..., indices[i], ...]``.

    Parameters
    ----------
    x : Variable or array
        The input.
    indices : Variable or array
        A 1-D integer array, a permutation of ``range(x.shape[axis])`` (checked in debug
        mode).
    axis : int
        The axis to permute.
    inv : bool
        Apply the inverse permutation instead: ``y[..., indices[i], ...] = x[..., i, ...]``.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    if isinstance(indices, Variable):
        indices = indices.array
    if indices.dtype.kind != 'i' or indices.ndim != 1:
        raise ValueError('indices should be a one-dimensional int array')
    return Permutate(indices, axis, inv).apply((x,))[0]
