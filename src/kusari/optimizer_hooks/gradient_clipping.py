"""Rescale all gradients so that their global L2 norm is at most a threshold."""
import math

import numpy


def _sum_sqnorm(grads):
    total = 0.0
    for g in grads:
        g = g.ravel()
        if g.dtype == numpy.float16:
            g = g.astype(numpy.float32)
        total += float(g.dot(g))
    return total


class GradientClipping:
    """Scale every gradient by ``min(1, threshold / norm)``, ``norm`` being the L2 norm of
    all gradients together.

    Parameters
    ----------
    threshold : float
        The largest allowed norm.
    """

    name = 'GradientClipping'
    timing = 'pre'

    def __init__(self, threshold):
        self.threshold = threshold

    def __call__(self, opt):
        grads = [p.grad for p in opt.target.params(False) if p.grad is not None]
        norm = math.sqrt(_sum_sqnorm(grads))
        if norm == 0:
            return
        rate = self.threshold / norm
        if rate >= 1:
            return
        for g in grads:
            g *= rate
