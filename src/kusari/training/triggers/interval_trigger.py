"""IntervalTrigger: fire every ``period`` iterations or epochs."""
import warnings


class IntervalTrigger:
    """Fires once each time the iteration count or ``epoch_detail`` crosses a multiple of
    ``period``.

    Parameters
    ----------
    period : int or float
        The interval length (a float for fractional epochs).
    unit : {'epoch', 'iteration'}
        Its unit.

    Raises
    ------
    ValueError
        If ``unit`` is neither ``'epoch'`` nor ``'iteration'``.
    """

    def __init__(self, period, unit):
        if unit not in ('epoch', 'iteration'):
            raise ValueError("Trigger unit must be either 'epoch' or 'iteration'.")
        self.period = period
        self.unit = unit
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0
        self.count = 0

    def __call__(self, trainer):
        updater = trainer.updater
        if self.unit == 'epoch':
            now = updater.epoch_detail
            before = self._previous_epoch_detail
            if before < 0:
                before = updater.previous_epoch_detail or 0.0
            self.count = now // self.period
            fire = before // self.period != now // self.period
        else:
            now = updater.iteration
            before = self._previous_iteration
            if before < 0:
                before = now - 1
            fire = before // self.period != now // self.period
        self._previous_iteration = updater.iteration
        if hasattr(updater, 'epoch_detail'):
            self._previous_epoch_detail = updater.epoch_detail
        return fire

    def serialize(self, serializer):
        """Save or load the last seen iteration and epoch_detail."""
        try:
            self._previous_iteration = serializer('previous_iteration', self._previous_iteration)
        except KeyError:
            warnings.warn('The previous value of iteration is not saved. IntervalTrigger guesses '
                          'it using current iteration.')
            self._previous_iteration = -1
        try:
            self._previous_epoch_detail = serializer(
                'previous_epoch_detail', self._previous_epoch_detail)
        except KeyError:
            warnings.warn('The previous value of epoch_detail is not saved. IntervalTrigger uses '
                          'the value of trainer.updater.previous_epoch_detail.')
            self._previous_epoch_detail = -1.0

    def get_training_length(self):
        """``(period, unit)``: what a progress bar shows as the length of training."""
        return self.period, self.unit

    def __str__(self):
        return '{}({}, {!r})'.format(type(self).__name__, self.period, self.unit)
