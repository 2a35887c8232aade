"""TimeTrigger: fire every ``period`` seconds of training time."""


class TimeTrigger:
    """Fires each time ``trainer.elapsed_time`` passes another multiple of ``period``.

    Parameters
    ----------
    period : float
        Seconds between firings.
    """

    def __init__(self, period):
        self._period = period
        self._next_time = period

    def __call__(self, trainer):
        if self._next_time < trainer.elapsed_time:
            self._next_time += self._period
            return True
        return False

    def serialize(self, serializer):
        """Save or load the time of the next firing."""
        self._next_time = float(serializer('next_time', self._next_time))
