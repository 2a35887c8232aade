"""Clip every gradient element into ``[lower_bound, upper_bound]``."""


class GradientHardClipping:
    """Clip each gradient element-wise, before the update.

    Parameters
    ----------
    lower_bound : float
        The lower bound (None for none).
    upper_bound : float
        The upper bound (None for none).
    """

    name = 'GradientHardClipping'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def __call__(self, rule, param):
        grad = param.grad
        if grad is None:
            return
        param.xp.clip(grad, self.lower_bound, self.upper_bound, out=grad)
