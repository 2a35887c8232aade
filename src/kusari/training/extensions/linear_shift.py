"""LinearShift: move a hyperparameter linearly between two values."""
from kusari.training.extensions._shift import _Shift


class LinearShift(_Shift):
    """Set ``optimizer.<attr>`` to ``value_range[0]`` until call ``time_range[0]``, then move it
    linearly to ``value_range[1]`` at call ``time_range[1]``, and keep it there.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    value_range : tuple of float
        ``(first value, last value)``.
    time_range : tuple of int
        ``(first call, last call)`` of the linear part.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    _needs_init = False

    def __init__(self, attr, value_range, time_range, optimizer=None):
        super().__init__(attr, None, optimizer)
        self._value_range = value_range
        self._time_range = time_range

    def _initial_value(self):
        return self._compute(0)

    def _compute(self, t):
        t1, t2 = self._time_range
        v1, v2 = self._value_range
        if t <= t1:
            return v1
        if t >= t2:
            return v2
        return v1 + (t - t1) / (t2 - t1) * (v2 - v1)
