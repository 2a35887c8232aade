"""polygamma: the n-th derivative of the digamma function, every order exact in ``x``."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math._special import evaluate
from kusari.utils import force_array, type_check


class PolyGamma(FunctionNode):
    @property
    def label(self):
        return 'polygamma'

    def _check_data_type_forward(self, in_data):
        n, x = in_data
        if n.dtype.kind not in 'iu':
            type_check.fail(self.label, "n.dtype.kind == 'i'", 'n.dtype={}'.format(n.dtype))
        type_check.check_float(self.label, 'x', x)

    def forward(self, inputs):
        n, x = inputs
        self._n = n       # an integer order: a constant to every derivative
        self.retain_inputs((1,))
        return evaluate(self.label, 'polygamma', (n, x), x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        x, = self.get_retained_inputs()
        gx = grad_outputs[0] * PolyGamma().apply((force_array(self._n + 1), x))[0]
        if gx.shape != x.shape:
            gx = sum_to(gx, x.shape)
        return None, gx


def polygamma(n, x):
    """Elementwise polygamma function :math:`\\psi^{(n)}(x)`, the n-th derivative of digamma.

    ``polygamma(0, x)`` is :func:`digamma`. The derivative in ``x`` is
    ``polygamma(n + 1, x)``, so every order of gradient is exact; ``n`` gets no gradient. On
    the CPU the values come from SciPy (the extra ``scipy``).

    Parameters
    ----------
    n : int, integer array or Variable
        The order, non-negative; broadcast with ``x``.
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Of the broadcast shape of ``n`` and ``x``, dtype of ``x``.

    Raises
    ------
    InvalidType
        If ``n`` is not of an integer dtype or ``x`` not of a float dtype.
    ImportError
        On the CPU when SciPy is not installed.

    >>> import numpy, kusari.functions as F
    >>> F.polygamma(1, numpy.array([1.])).array   # pi ** 2 / 6
    array([1.64493407])
    """
    if not hasattr(n, 'dtype') and not hasattr(n, 'array'):
        xp = backend.get_array_module(getattr(x, 'array', x))
        n = xp.asarray(n)
    return PolyGamma().apply((n, x))[0]
