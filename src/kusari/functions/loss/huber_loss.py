"""huber_loss: quadratic near zero, linear beyond ``delta`` (every order)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_pair, check_reduce
from kusari.utils import force_array


class HuberLoss(FunctionNode):
    """Huber loss of ``x - t``, summed along axis 1 or elementwise."""

    def __init__(self, delta, reduce='sum_along_second_axis'):
        check_reduce(reduce, ('sum_along_second_axis', 'no'))
        self.delta = delta
        self.reduce = reduce

    def _check_data_type_forward(self, in_data):
        check_pair(self.label, in_data[0], in_data[1], ('x', 't'))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, t = inputs
        xp = backend.get_array_module(x)
        d = x - t
        a = abs(d)
        delta = x.dtype.type(self.delta)
        inside = a <= delta
        y = xp.where(inside, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(x.dtype)
        self._inside = inside.astype(x.dtype)
        self._outside = (delta * xp.sign(d) * ~inside).astype(x.dtype)
        if self.reduce == 'sum_along_second_axis':
            y = y.sum(axis=1)
        return force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.expand_dims import expand_dims
        x, t = self.get_retained_inputs()
        gy, = grad_outputs
        if self.reduce == 'sum_along_second_axis':
            gy = expand_dims(gy, 1)
        gx = gy * ((x - t) * self._inside + self._outside)
        return tuple(gx if i == 0 else -gx for i in indexes)


def huber_loss(x, t, delta, reduce='sum_along_second_axis'):
    """Huber loss: :math:`\\frac12 d^2` for :math:`|d| \\le \\delta`, else
    :math:`\\delta (|d| - \\frac12 \\delta)`, with :math:`d = x - t`.

    Parameters
    ----------
    x, t : Variable or array
        Inputs of one shape (at least 2-D when reducing) and float dtype.
    delta : float
        Where the loss turns from quadratic to linear.
    reduce : {'sum_along_second_axis', 'no'}
        Sum over axis 1 (shape ``x.shape`` without axis 1), or keep every element.

    Returns
    -------
    Variable
        The loss, dtype of ``x``.
    """
    return HuberLoss(delta=delta, reduce=reduce).apply((x, t))[0]
