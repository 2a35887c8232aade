"""The base of the triggers that compare the updater's position with the one of their last
call (IntervalTrigger, ManualScheduleTrigger)."""
import warnings


class PositionTrigger:
    """Base of a trigger that fires by the updater's iteration or ``epoch_detail``.

    It remembers the position of its last call; after a resume from a snapshot that lacks it,
    the previous position (marked -1) is guessed from the updater at the next call.

    Parameters
    ----------
    unit : {'epoch', 'iteration'}
        The unit of the positions.

    Raises
    ------
    ValueError
        If ``unit`` is neither ``'epoch'`` nor ``'iteration'``.
    """

    def __init__(self, unit):
        if unit not in ('epoch', 'iteration'):
            raise ValueError("Trigger unit must be either 'epoch' or 'iteration'.")
        self.unit = unit
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0

    def _previous_and_now(self, updater):
        """The position in ``unit`` at the last call and now: ``(before, now)``."""
        if self.unit == 'epoch':
            now = updater.epoch_detail
            before = self._previous_epoch_detail
            if before < 0:
                before = updater.previous_epoch_detail or 0.0
        else:
            now = updater.iteration
            before = self._previous_iteration
            if before < 0:
                before = now - 1
        return before, now

    def _remember(self, updater):
        """Store the updater's current position for the next call."""
        self._previous_iteration = updater.iteration
        if hasattr(updater, 'epoch_detail'):
            self._previous_epoch_detail = updater.epoch_detail

    def _serialize_previous(self, serializer, iteration_warning, epoch_warning):
        """Save or load the last seen position; warn with the given text for a missing one."""
        try:
            self._previous_iteration = serializer('previous_iteration', self._previous_iteration)
        except KeyError:
            warnings.warn(iteration_warning)
            self._previous_iteration = -1
        try:
            self._previous_epoch_detail = serializer(
                'previous_epoch_detail', self._previous_epoch_detail)
        except KeyError:
            warnings.warn(epoch_warning)
            self._previous_epoch_detail = -1.0
