"""Helpers of the training loop: turning ``(period, unit)`` into a trigger."""


def _never_fire_trigger(trainer):
    return False


def get_trigger(trigger):
    """A trigger from a callable, a ``(period, unit)`` tuple or ``None``.

    Parameters
    ----------
    trigger : callable, tuple or None
        A callable is returned as it is; a tuple becomes an
        :class:`~kusari.training.triggers.IntervalTrigger`; ``None`` a trigger that never fires.

    Returns
    -------
    callable
        ``trigger(trainer) -> bool``.
    """
    if callable(trigger):
        return trigger
    if trigger is None:
        return _never_fire_trigger
    from kusari.training.triggers.interval_trigger import IntervalTrigger
    return IntervalTrigger(*trigger)
