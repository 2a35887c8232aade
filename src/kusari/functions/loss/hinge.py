"""hinge: the one-vs-all hinge loss (L1 or squared L2), differentiable where it exists."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_reduce
from kusari.utils import force_array, type_check


class Hinge(FunctionNode):
    """``max(0, 1 + s * x)`` per class, ``s = -1`` at the true class and ``+1`` elsewhere."""

    def __init__(self, norm='L1', reduce='mean'):
        if norm not in ('L1', 'L2'):
            raise NotImplementedError("norm should be either 'L1' or 'L2'")
        check_reduce(reduce, ('mean', 'no'))
        self.norm = norm
        self.reduce = reduce

    def _check_data_type_forward(self, in_data):
        x, t = in_data
        label = self.label
        type_check.check_float(label, 'x', x)
        if t.dtype.kind != 'i':
            type_check.fail(label, "t.dtype.kind == 'i'", 't.dtype={}'.format(t.dtype))
        if x.ndim != 2:
            type_check.fail(label, 'x.ndim == 2', 'x.ndim={}'.format(x.ndim))
        if t.ndim != 1:
            type_check.fail(label, 't.ndim == 1', 't.ndim={}'.format(t.ndim))
        if x.shape[0] != t.shape[0]:
            type_check.fail(label, 'x.shape[0] == t.shape[0]',
                            '{} != {}'.format(x.shape[0], t.shape[0]))

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        sign = xp.ones(x.shape, x.dtype)
        sign[xp.arange(len(t)), t] = -1
        margin = xp.maximum(0, 1 + sign * x)
        self._sign_active = (sign * (margin > 0)).astype(x.dtype)
        loss = margin if self.norm == 'L1' else margin * margin
        if self.reduce == 'mean':
            loss = loss.sum() / max(len(x), 1)
        return force_array(loss, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        if self.reduce == 'mean':
            gy = gy * (1.0 / max(x.shape[0], 1))
        sa = self._sign_active
        if self.norm == 'L1':
            return gy * sa, None
        # d/dx max(0, 1 + s x)^2 = 2 s (1 + s x) on the active set (s * s = 1 there)
        return gy * (2.0 * (sa + x * (sa * sa))), None


def hinge(x, t, norm='L1', reduce='mean'):
    """One-vs-all hinge loss of scores ``x`` and labels ``t``.

    With :math:`s_{nk} = -1` for :math:`k = t_n` and :math:`+1` otherwise, the loss of an
    element is :math:`\\max(0, 1 + s_{nk} x_{nk})`, squared for ``'L2'``.

    Parameters
    ----------
    x : Variable or array
        Scores of shape ``(N, K)``, float dtype.
    t : Variable or array
        Labels of shape ``(N,)``, signed integer dtype, in ``[0, K)``.
    norm : {'L1', 'L2'}
        The norm of the margin violations.
    reduce : {'mean', 'no'}
        The sum divided by ``N``, or the ``(N, K)`` elementwise losses.

    Returns
    -------
    Variable
        The loss, dtype of ``x``.
    """
    return Hinge(norm, reduce).apply((x, t))[0]
