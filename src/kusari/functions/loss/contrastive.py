"""contrastive: the contrastive loss of pairs, differentiable to every order."""
from kusari import backend
from kusari.functions.loss._util import MarginLoss
from kusari.utils import force_array, type_check


class Contrastive(MarginLoss):
    """``0.5 * (y d^2 + (1 - y) max(margin - d, 0)^2)`` with ``d = |x0 - x1|``."""

    def _check_data_type_forward(self, in_data):
        x0, x1, y = in_data
        label = self.label
        type_check.check_float(label, 'x0', x0)
        if x0.dtype != x1.dtype:
            type_check.fail(label, 'x0.dtype == x1.dtype', '{} != {}'.format(x0.dtype, x1.dtype))
        if y.dtype.kind != 'i':
            type_check.fail(label, "y.dtype.kind == 'i'", 'y.dtype={}'.format(y.dtype))
        if x0.ndim != 2 or x1.ndim != 2 or y.ndim != 1:
            type_check.fail(label, 'x0.ndim == 2, x1.ndim == 2, y.ndim == 1',
                            'x0.ndim={}, x1.ndim={}, y.ndim={}'.format(x0.ndim, x1.ndim, y.ndim))
        if x0.shape != x1.shape:
            type_check.fail(label, 'x0.shape == x1.shape', '{} != {}'.format(x0.shape, x1.shape))
        if x1.shape[0] != y.shape[0] or y.shape[0] == 0:
            type_check.fail(label, 'x1.shape[0] == y.shape[0] > 0',
                            'x1.shape[0]={}, y.shape[0]={}'.format(x1.shape[0], y.shape[0]))

    def forward(self, inputs):
        x0, x1, y = inputs
        xp = backend.get_array_module(x0)
        self.retain_inputs((0, 1))
        diff = x0 - x1
        dist_sq = (diff * diff).sum(axis=1)
        dist = xp.sqrt(dist_sq)
        gap = xp.maximum(self.margin - dist, 0)
        loss = (y * dist_sq + (1 - y) * gap * gap) * 0.5
        if self.reduce == 'mean':
            loss = loss.sum() / x0.shape[0]
        eps = 0.005 if x0.dtype.itemsize == 2 else 1e-7
        self._y = y.astype(x0.dtype)
        self._active = ((1 - y) * (gap > 0)).astype(x0.dtype)   # dissimilar, inside margin
        self._far = dist_sq > eps * eps                         # where 1 / d is used
        self._eps_sq = eps * eps
        return force_array(loss, x0.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.expand_dims import expand_dims
        from kusari.functions.array.where import where
        from kusari.functions.math.sqrt import sqrt
        from kusari.functions.math.sum import sum as _sum
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        n = x0.shape[0]
        alpha = gy * (1.0 / n) if self.reduce == 'mean' else gy
        diff = x0 - x1
        dist_sq = _sum(diff * diff, axis=1)
        # d clamped below at eps, as in Chainer, so that the gradient stays finite at d = 0
        dist = sqrt(where(self._far, dist_sq, dist_sq.dtype.type(self._eps_sq)))
        # d/dd 0.5 (m - d)^2 = -(m - d); times dd/dx0 = diff / d
        coef = self._y - self._active * (self.margin - dist) / dist
        gx0 = expand_dims(alpha * coef, 1) * diff
        ret = []
        for i in indexes:
            ret.append(gx0 if i == 0 else (-gx0 if i == 1 else None))
        return tuple(ret)


def contrastive(x0, x1, y, margin=1, reduce='mean'):
    """Contrastive loss of pairs ``(x0[n], x1[n])`` labelled similar (1) or not (0).

    :math:`L_n = \\frac12 (y_n d_n^2 + (1 - y_n) \\max(m - d_n, 0)^2)` with
    :math:`d_n = \\|x_{0n} - x_{1n}\\|_2`.

    Parameters
    ----------
    x0, x1 : Variable or array
        Shape ``(N, K)``, float dtype.
    y : Variable or array
        Shape ``(N,)``, signed integer labels 0 or 1.
    margin : float
        The margin ``m`` (positive).
    reduce : {'mean', 'no'}
        The mean over ``n`` (0-d), or the ``(N,)`` losses.

    Returns
    -------
    Variable
        The loss, dtype of ``x0``.
    """
    return Contrastive(margin, reduce).apply((x0, x1, y))[0]
