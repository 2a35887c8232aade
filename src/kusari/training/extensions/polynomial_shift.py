"""PolynomialShift: decay a hyperparameter as ``(1 - t / max_count) ** rate``."""
from kusari.training.extensions._shift import _Shift


class PolynomialShift(_Shift):
    """Set ``optimizer.<attr>`` to ``init * max(1 - t / max_count, 0) ** rate`` after the
    ``t``-th call.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    rate : float
        The exponent.
    max_count : int
        The call at which the value reaches zero.
    init : float, optional
        The initial value (the optimizer's current value by default).
    target : float, optional
        A floor (for positive ``rate``) the value stops at.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    def __init__(self, attr, rate, max_count, init=None, target=None, optimizer=None):
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._max_count = max_count
        self._target = target

    def _compute(self, t):
        value = self._init * max(1 - t / self._max_count, 0) ** self._rate
        if self._target is not None:
            if self._rate > 0:
                value = max(value, self._target)
            else:
                value = min(value, self._target)
        return value
