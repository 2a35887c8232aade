"""ManualScheduleTrigger: fire at given iterations or epochs."""
import warnings

from kusari.training.triggers._position import PositionTrigger


class ManualScheduleTrigger(PositionTrigger):
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
        super().__init__(unit)
        self.points = points if isinstance(points, list) else [points]
        self.finished = False
        self._finished_unknown = False

    def __call__(self, trainer):
        updater = trainer.updater
        before, now = self._previous_and_now(updater)
        fire = any(before < p <= now for p in self.points)
        last = max(self.points)
        if (fire or self._finished_unknown) and now >= last:
            self.finished = True
        self._finished_unknown = False
        self._remember(updater)
        return fire

    def serialize(self, serializer):
        """Save or load the last seen position and the ``finished`` flag."""
        self._serialize_previous(
            serializer,
            'The previous value of iteration is not saved. ManualScheduleTrigger '
            'guesses it using current iteration.',
            'The previous value of epoch_detail is not saved. '
            'ManualScheduleTrigger uses trainer.updater.previous_epoch_detail.')
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
