"""InverseShift: decay a hyperparameter as ``(1 + gamma * t) ** -power``."""
from kusari.training.extensions._shift import _clamp, _Shift


class InverseShift(_Shift):
    """Set ``optimizer.<attr>`` to ``init * (1 + gamma * t) ** (-power)`` after the ``t``-th
    call.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    gamma : float
        Non-negative.
    power : float
        The exponent.
    init : float, optional
        The initial value (the optimizer's current value by default).
    target : float, optional
        A limit the value stops at.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    def __init__(self, attr, gamma, power, init=None, target=None, optimizer=None):
        if gamma < 0:
            raise ValueError('InverseShift does not support negative gamma')
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._power = power
        self._target = target

    def _compute(self, t):
        value = self._init * (1 + self._gamma * t) ** (-self._power)
        return _clamp(value, self._target, self._power < 0)
