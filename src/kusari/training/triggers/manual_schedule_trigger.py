"""ManualScheduleTrigger: fire at given iterations or epochs."""
import warnings


class ManualScheduleTrigger:
    """Fires when the iteration count or ``epoch_detail`` reaches one of ``points``.

    Parameters
    ----------
    points : int, float or list of them
        Where to fire.
    unit : {'epoch', 'iteration'}
        The unit of ``points``.

    Attributes
    ----------
    finished : bool
        True once the last point is passed (then extensions are not initialized on resume).
    """

    def __init__(self, points, unit):
        if unit not in ('epoch', 'iteration'):
            raise ValueError("Trigger unit must be either 'epoch' or 'iteration'.")
        self.points = points if isinstance(points, list) else [points]
        self.unit = unit
        self.finished = False
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0
        self._finished_unknown = False

    def __call__(self, trainer):
        updater = trainer.updater
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
        fire = any(before < p <= now for p in self.points)
        last = max(self.points)
        if (fire or self._finished_unknown) and now >= last:
            self.finished = True
        self._finished_unknown = False
        self._previous_iteration = updater.iteration
        if hasattr(updater, 'epoch_detail'):
            self._previous_epoch_detail = updater.epoch_detail
        return fire

    def serialize(self, serializer):
        """Save or load the last seen position and the ``finished`` flag."""
        try:
            self._previous_iteration = serializer('previous_iteration', self._previous_iteration)
        except KeyError:
            warnings.warn('The previous value of iteration is not saved. ManualScheduleTrigger '
                          'guesses it using current iteration.')
            self._previous_iteration = -1
        try:
            self._previous_epoch_detail = serializer(
                'previous_epoch_detail', self._previous_epoch_detail)
        except KeyError:
            warnings.warn('The previous value of epoch_detail is not saved. '
                          'ManualScheduleTrigger uses trainer.updater.previous_epoch_detail.')
            self._previous_epoch_detail = -1.0
        try:
            self.finished = bool(serializer('finished', self.finished))
        except KeyError:
            warnings.warn('The flag of finished is not saved. ManualScheduleTrigger sets it on '
                          'the next call.')
            self.finished = False
            self._finished_unknown = True

    def get_training_length(self):
        """``(last point, unit)``."""
        return max(self.points), self.unit
