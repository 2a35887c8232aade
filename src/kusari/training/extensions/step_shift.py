"""StepShift: multiply a hyperparameter by ``gamma`` every ``step`` calls."""
import math

from kusari.training.extensions._shift import _clamp, _Shift


class StepShift(_Shift):
    """Set ``optimizer.<attr>`` to ``init * gamma ** floor(t / step)`` after the ``t``-th call.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    gamma : float
        The factor per step.
    step : int
        Calls per step.
    init : float, optional
        The initial value (the optimizer's current value by default).
    target : float, optional
        A limit the value stops at.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    def __init__(self, attr, gamma, step, init=None, target=None, optimizer=None):
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step = step
        self._target = target

    def _compute(self, t):
        value = self._init * self._gamma ** math.floor(t / self._step)
        return _clamp(value, self._target, self._gamma > 1)
