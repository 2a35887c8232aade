"""ExponentialShift: multiply a hyperparameter by ``rate`` at each call."""
from kusari.training.extensions._shift import _clamp, _Shift


class ExponentialShift(_Shift):
    """Set ``optimizer.<attr>`` to ``init * rate ** t`` after the ``t``-th call.

    Parameters
    ----------
    attr : str
        The hyperparameter (e.g. ``'lr'``).
    rate : float
        The factor per call (non-negative).
    init : float, optional
        The initial value (the optimizer's current value by default).
    target : float, optional
        A limit the value stops at.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    def __init__(self, attr, rate, init=None, target=None, optimizer=None):
        if rate < 0:
            raise ValueError('ExponentialShift does not support negative rate')
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._target = target

    def _compute(self, t):
        return _clamp(self._init * self._rate ** t, self._target, self._rate > 1)
