"""The L2 regularization hook: ``grad += rate * param``."""


class WeightDecay:
    """Add ``rate * param`` to each gradient (L2 regularization), before the update.

    Parameters
    ----------
    rate : float
        The coefficient of the weight decay.

    Attributes
    ----------
    name : str
        ``'WeightDecay'``, the default registration name.
    call_for_each_param : bool
        True: called as ``hook(rule, param)``.
    timing : str
        ``'pre'``.
    """

    name = 'WeightDecay'
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
        g += rate * p
