"""zeta: the Hurwitz zeta function, differentiable to every order in ``q``."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math._special import evaluate
from kusari.utils import type_check


class Zeta(FunctionNode):
    """``zeta(x, q)`` as a function of ``q``; ``x`` is held as a constant."""

    def __init__(self, x):
        self._x = x

    @property
    def label(self):
        return 'zeta'

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'q', in_data[0])

    def forward(self, inputs):
        q, = inputs
        self.retain_inputs((0,))
        return evaluate(self.label, 'zeta', (self._x, q), q.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        q, = self.get_retained_inputs()
        xp = backend.get_array_module(q.array)
        x = self._x
        minus_x = xp.asarray(-x, dtype=q.dtype)
        gq = grad_outputs[0] * (Zeta(x + 1).apply((q,))[0] * minus_x)
        if gq.shape != q.shape:
            gq = sum_to(gq, q.shape)
        return gq,


def zeta(x, q):
    """Elementwise Hurwitz zeta function :math:`\\zeta(x, q) = \\sum_{k=0}^\\infty (k + q)^{-x}`.

    Differentiable in ``q`` only (:math:`\\partial_q \\zeta(x, q) = -x\\,\\zeta(x + 1, q)`,
    so every order is exact); ``x`` is a constant. On the CPU the values come from SciPy (the
    extra ``scipy``).

    Parameters
    ----------
    x : float, array or Variable
        The exponent, broadcast with ``q`` (a Variable's array is used, without gradient).
    q : Variable or array
        The offset, any shape, float dtype.

    Returns
    -------
    Variable
        Of the broadcast shape of ``x`` and ``q``, dtype of ``q``.

    Raises
    ------
    InvalidType
        If ``q`` is not of a float dtype.
    ImportError
        On the CPU when SciPy is not installed.

    >>> import numpy, kusari.functions as F
    >>> F.zeta(2., numpy.array([1.])).array   # pi ** 2 / 6
    array([1.64493407])
    """
    x = getattr(x, 'array', x)
    return Zeta(x).apply((q,))[0]
