"""rrelu: the randomized leaky relu, differentiable to every order (almost everywhere)."""
from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class RReLU(FunctionNode):
    def __init__(self, lower=1. / 8, upper=1. / 3, r=None):
        if not 0.0 <= lower < 1.0:
            raise ValueError('lower must be in the range [0, 1)')
        if not 0.0 <= upper < 1.0:
            raise ValueError('upper must be in the range [0, 1)')
        if not lower < upper:
            raise ValueError('lower must be less than upper')
        self.lower = lower
        self.upper = upper
        self.r = r

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        type_check.check_float(self.label, 'x', x)
        r = self.r
        if r is not None:
            if r.dtype != x.dtype:
                type_check.fail(self.label, 'r.dtype == x.dtype',
                                '{} != {}'.format(r.dtype, x.dtype))
            if r.shape != x.shape:
                type_check.fail(self.label, 'r.shape == x.shape',
                                '{} != {}'.format(r.shape, x.shape))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        if config.train:
            if self.r is None:
                self.r = xp.random.uniform(self.lower, self.upper, x.shape).astype(
                    x.dtype, copy=False)
        else:
            self.r = xp.full(x.shape, (self.lower + self.upper) / 2, dtype=x.dtype)
        # the slope of each element is a constant of x: exact at every order
        # (r * neg + pos is exact for 0/1 masks and much faster than where)
        neg = (x < 0).astype(x.dtype)
        self._coef = self.r * neg + (x.dtype.type(1) - neg)
        return force_array(x * self._coef, x.dtype),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._coef,


def rrelu(x, l=1. / 8, u=1. / 3, **kwargs):  # noqa: E741 - Chainer's argument name
    """Randomized leaky ReLU: :math:`y = x` for :math:`x \\ge 0`, else :math:`r x`.

    In training mode (``config.train``) each element's slope :math:`r` is drawn from
    :math:`U(l, u)` (or taken from ``r``); in test mode it is :math:`(l + u) / 2`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    l : float
        The lower bound of the slopes, in ``[0, 1)``.
    u : float
        The upper bound of the slopes, in ``[0, 1)``, above ``l``.
    r : array, optional (keyword only)
        The slopes to use, of ``x``'s shape and dtype (training mode only); ``l`` and ``u``
        are then ignored.
    return_r : bool, optional (keyword only)
        Also return the slopes used.

    Returns
    -------
    Variable or tuple
        The output, of ``x``'s shape and dtype; with ``return_r``, a tuple
        ``(output, r)`` where ``r`` is an array of ``x``'s shape and dtype.
    """
    if 'train' in kwargs:
        raise ValueError('train argument is not supported anymore. '
                         'Use chainer.using_config')
    r = kwargs.pop('r', None)
    return_r = kwargs.pop('return_r', False)
    if kwargs:
        raise TypeError('rrelu() got unexpected keyword argument(s) {}'.format(
            ', '.join(repr(k) for k in kwargs)))
    func = RReLU(l, u, r)
    out, = func.apply((x,))
    if return_r:
        return out, func.r
    return out
