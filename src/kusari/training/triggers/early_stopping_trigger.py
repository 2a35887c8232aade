"""EarlyStoppingTrigger: a stop trigger that fires when a monitored value stops improving."""
import operator
import warnings

from kusari import reporter
from kusari.training import util


class EarlyStoppingTrigger:
    """Stop training when ``monitor`` has not improved for ``patience`` checks, or at
    ``max_trigger``.

    Parameters
    ----------
    check_trigger : tuple or trigger
        When to compare the mean of the monitored value with the best so far.
    monitor : str
        The observation key.
    patience : int
        Checks without improvement before stopping (3 by default).
    mode : {'auto', 'min', 'max'}
        Whether smaller or larger is better; ``'auto'`` takes larger for keys containing
        ``'accuracy'`` and smaller otherwise.
    verbose : bool
        Print when stopping.
    max_trigger : tuple or trigger
        Stop here in any case.
    """

    def __init__(self, check_trigger=(1, 'epoch'), monitor='main/loss', patience=None,
                 mode='auto', verbose=False, max_trigger=(100, 'epoch'), **kwargs):
        patients = kwargs.pop('patients', None)
        if kwargs:
            raise TypeError('unexpected keyword arguments: {}'.format(sorted(kwargs)))
        if patients is not None:
            if patience is not None:
                raise TypeError("Both 'patience' and 'patients' arguments are specified. "
                                "'patients' is an alias of the former. Specify only "
                                "'patience'.")
            patience = patients
        if patience is None:
            patience = 3
        if mode not in ('auto', 'min', 'max'):
            raise ValueError("mode must be 'auto', 'min' or 'max', got {!r}".format(mode))
        self.count = 0
        self.patience = patience
        self.monitor = monitor
        self.verbose = verbose
        self._max_trigger = util.get_trigger(max_trigger)
        self._interval_trigger = util.get_trigger(check_trigger)
        self._summary = reporter.DictSummary()
        larger = mode == 'max' or (mode == 'auto' and 'accuracy' in monitor)
        self._compare = operator.gt if larger else operator.lt
        self.best = float('-inf') if larger else float('inf')

    def __call__(self, trainer):
        observation = trainer.observation
        if self.monitor in observation:
            self._summary.add({self.monitor: observation[self.monitor]})
        if self._max_trigger(trainer):
            return True
        if not self._interval_trigger(trainer):
            return False
        if self.monitor not in observation:
            warnings.warn('{} is not in observation'.format(self.monitor))
            return False
        current = float(self._summary.compute_mean()[self.monitor])
        self._summary = reporter.DictSummary()
        if self._compare(current, self.best):
            self.best = current
            self.count = 0
        else:
            self.count += 1
        if self.count >= self.patience:
            if self.verbose:
                print('Epoch {}: early stopping'.format(trainer.updater.epoch))
            return True
        return False

    def serialize(self, serializer):
        """Save or load the best value, the count and the inner triggers."""
        for name, trig in (('max_trigger', self._max_trigger),
                           ('interval_trigger', self._interval_trigger)):
            if hasattr(trig, 'serialize'):
                trig.serialize(serializer[name])
        self._summary.serialize(serializer['summary'])
        self.best = float(serializer('best', self.best))
        self.count = int(serializer('count', self.count))

    def get_training_length(self):
        """The length of ``max_trigger``."""
        return self._max_trigger.get_training_length()
