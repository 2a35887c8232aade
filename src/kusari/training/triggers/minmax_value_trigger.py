"""Triggers that fire when an observed value reaches a new best."""
from kusari import reporter
from kusari.training import util


class BestValueTrigger:
    """Fires when the mean of ``key`` over an interval beats the best so far.

    Parameters
    ----------
    key : str
        The observation key (e.g. ``'validation/main/loss'``).
    compare : callable
        ``compare(best, new)`` is True when ``new`` is better.
    trigger : tuple or trigger
        When to check (the mean is taken over the values observed since the last check).
    """

    def __init__(self, key, compare, trigger=(1, 'epoch')):
        self._key = key
        self._best_value = None
        self._interval_trigger = util.get_trigger(trigger)
        self._compare = compare
        self._summary = reporter.DictSummary()

    def __call__(self, trainer):
        observation = trainer.observation
        key = self._key
        if key in observation:
            self._summary.add({key: observation[key]})
        if not self._interval_trigger(trainer):
            return False
        stats = self._summary.compute_mean()
        self._summary = reporter.DictSummary()
        if key not in stats:
            return False
        value = float(stats[key])
        if self._best_value is None or self._compare(self._best_value, value):
            self._best_value = value
            return True
        return False

    def serialize(self, serializer):
        """Save or load the interval trigger, the running summary and the best value."""
        if hasattr(self._interval_trigger, 'serialize'):
            self._interval_trigger.serialize(serializer['interval_trigger'])
        self._summary.serialize(serializer['summary'])
        best = serializer('best_value', self._best_value)
        self._best_value = None if best is None else float(best)


class MaxValueTrigger(BestValueTrigger):
    """Fires when the mean of ``key`` reaches a new maximum.

    Parameters
    ----------
    key : str
        The observation key.
    trigger : tuple or trigger
        When to check.
    """

    def __init__(self, key, trigger=(1, 'epoch')):
        super().__init__(key, lambda best, new: new > best, trigger)


class MinValueTrigger(BestValueTrigger):
    """Fires when the mean of ``key`` reaches a new minimum.

    Parameters
    ----------
    key : str
        The observation key.
    trigger : tuple or trigger
        When to check.
    """

    def __init__(self, key, trigger=(1, 'epoch')):
        super().__init__(key, lambda best, new: new < best, trigger)
