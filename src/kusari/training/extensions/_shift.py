"""The shared machinery of the hyperparameter-shift extensions."""
import numpy

from kusari.training import extension


def _as_scalar(value):
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return value.item()
    return value


class _Shift(extension.Extension):
    """Sets ``optimizer.<attr>`` to ``self._compute(t)`` after the ``t``-th call.

    ``initialize`` sets the value for the current ``t`` (the one in a loaded snapshot, or the
    initial one), so a resumed run continues with the value it stopped at.
    """

    _needs_init = True  # read the initial value from the optimizer when init is None

    def __init__(self, attr, init=None, optimizer=None):
        self._attr = attr
        self._init = init
        self._optimizer = optimizer
        self._t = 0
        self._last_value = None

    def _get_optimizer(self, trainer):
        return self._optimizer or trainer.updater.get_optimizer('main')

    def _compute(self, t):
        raise NotImplementedError

    def _update_value(self, optimizer, value):
        setattr(optimizer, self._attr, value)
        self._last_value = value

    def initialize(self, trainer):
        optimizer = self._get_optimizer(trainer)
        if self._init is None and self._needs_init:
            self._init = getattr(optimizer, self._attr)
        if self._last_value is not None:
            value = self._last_value
        elif self._t == 0:
            value = self._initial_value()
        else:
            value = self._compute(self._t)
        if value is not None:
            self._update_value(optimizer, value)

    def _initial_value(self):
        return self._init

    def __call__(self, trainer):
        self._t += 1
        value = self._compute(self._t)
        if value is not None:
            self._update_value(self._get_optimizer(trainer), value)

    def serialize(self, serializer):
        self._t = int(serializer('_t', self._t))
        self._last_value = _as_scalar(serializer('_last_value', self._last_value))


def _clamp(value, target, growing):
    """Stop ``value`` at ``target`` once it has passed it.

    Passing is measured by the ratio ``value / target``, as in Chainer, so that negative
    values work too: when the schedule makes the value grow in magnitude (``growing``), it
    stops once ``value / target > 1``; otherwise once ``value / target < 1``. (Without the
    division, so a ``target`` of zero never stops it.)
    """
    if target is None or target == 0:
        return value
    ratio_above_one = value > target if target > 0 else value < target
    ratio_below_one = value < target if target > 0 else value > target
    if growing:
        return target if ratio_above_one else value
    return target if ratio_below_one else value
