"""IntervalTrigger: fire every ``period`` iterations or epochs."""
from kusari.training.triggers._position import PositionTrigger


class IntervalTrigger(PositionTrigger):
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
        super().__init__(unit)
        self.period = period
        self.count = 0

    def __call__(self, trainer):
        updater = trainer.updater
        before, now = self._previous_and_now(updater)
        if self.unit == 'epoch':
            self.count = now // self.period
        fire = before // self.period != now // self.period
        self._remember(updater)
        return fire

    def serialize(self, serializer):
        """Save or load the last seen iteration and epoch_detail."""
        self._serialize_previous(
            serializer,
            'The previous value of iteration is not saved. IntervalTrigger guesses '
            'it using current iteration.',
            'The previous value of epoch_detail is not saved. IntervalTrigger uses '
            'the value of trainer.updater.previous_epoch_detail.')

    def get_training_length(self):
        """``(period, unit)``: what a progress bar shows as the length of training."""
        return self.period, self.unit

    def __str__(self):
        return '{}({}, {!r})'.format(type(self).__name__, self.period, self.unit)
