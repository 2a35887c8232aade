"""triplet: the triplet margin loss, differentiable to every order."""
from kusari import backend
from kusari.functions.loss._util import MarginLoss, check_pair
from kusari.utils import force_array, type_check


class Triplet(MarginLoss):
    """``max(0, |a - p|^2 - |a - n|^2 + margin)`` per row."""

    def _check_data_type_forward(self, in_data):
        a, p, n = in_data
        label = self.label
        check_pair(label, a, p, ('anchor', 'positive'))
        check_pair(label, a, n, ('anchor', 'negative'))
        if a.ndim == 0 or a.shape[0] == 0:
            type_check.fail(label, 'anchor.shape[0] > 0', 'anchor.shape={}'.format(a.shape))

    def forward(self, inputs):
        a, p, n = inputs
        xp = backend.get_array_module(a)
        self.retain_inputs((0, 1, 2))
        dist = ((a - p) ** 2 - (a - n) ** 2).reshape(len(a), -1).sum(axis=1) + self.margin
        hinge = xp.maximum(dist, 0)
        self._active = (dist > 0).astype(a.dtype)
        loss = hinge.sum() / a.shape[0] if self.reduce == 'mean' else hinge
        return force_array(loss, a.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.reshape import reshape
        a, p, n = self.get_retained_inputs()
        gy, = grad_outputs
        g = gy * (2.0 / a.shape[0]) if self.reduce == 'mean' else gy * 2.0
        g = reshape(g * self._active, (a.shape[0],) + (1,) * (a.ndim - 1))
        ret = []
        for i in indexes:
            ret.append(g * ((n - p), (p - a), (a - n))[i])
        return tuple(ret)


def triplet(anchor, positive, negative, margin=0.2, reduce='mean'):
    """Triplet loss: :math:`L_i = \\max(0, \\|a_i - p_i\\|^2 - \\|a_i - n_i\\|^2 + m)`.

    Parameters
    ----------
    anchor, positive, negative : Variable or array
        Shape ``(N, K)`` (or ``(N, ...)``, summed over all but the first axis), one float
        dtype.
    margin : float
        The margin ``m`` (positive).
    reduce : {'mean', 'no'}
        The mean over ``i`` (0-d), or the ``(N,)`` losses.

    Returns
    -------
    Variable
        The loss, dtype of ``anchor``.
    """
    return Triplet(margin, reduce).apply((anchor, positive, negative))[0]
