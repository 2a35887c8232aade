"""OnceTrigger: fire only once (optionally again after a resume)."""
import warnings


class OnceTrigger:
    """Fires at its first call only.

    Parameters
    ----------
    call_on_resume : bool
        Also fire at the first call after the trainer is resumed from a snapshot.
    """

    def __init__(self, call_on_resume=False):
        self._flag_first = True
        self._flag_resumed = call_on_resume

    @property
    def finished(self):
        """True once it has fired (extensions with a finished trigger are not initialized)."""
        return not (self._flag_first or self._flag_resumed)

    def __call__(self, trainer):
        fire = not self.finished
        self._flag_first = False
        self._flag_resumed = False
        return fire

    def serialize(self, serializer):
        """Save or load whether it has fired."""
        try:
            self._flag_first = bool(serializer('_flag_first', self._flag_first))
        except KeyError:
            warnings.warn('The flag is not saved. OnceTrigger guesses it is not first when '
                          'resumed.')
            self._flag_first = False
