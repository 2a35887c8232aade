"""The L1 regularization hook: ``grad += rate * sign(param)``."""


class Lasso:
    """Add ``rate * sign(param)`` to each gradient (L1 regularization), before the update.

    Parameters
    ----------
    rate : float
        The coefficient of the regularization.

    Notes
    -----
    With loss scaling the term is scaled like the gradient (Chainer 7 omits that).
    """

    name = 'Lasso'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, rate):
        self.rate = rate

    def __call__(self, rule, param):
        p, g = param.array, param.grad
        if p is None or g is None:
            return
        rate = self.rate
        if param._loss_scale is not None:
            rate *= param._loss_scale
        g += rate * param.xp.sign(p)
