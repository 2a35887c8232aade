"""MicroAverage: sum(numerator) / sum(denominator) over an interval."""
from kusari import reporter
from kusari.training import extension, util


class MicroAverage(extension.Extension):
    """Report ``sum(numerator) / sum(denominator)`` of two observed values over each interval
    (e.g. correct predictions over examples, an accuracy not biased by batch sizes).

    Parameters
    ----------
    numerator_key, denominator_key : str
        The observation keys summed.
    result_key : str
        The key of the reported ratio.
    trigger : tuple or callable
        When to report and restart the sums.
    """

    priority = extension.PRIORITY_EDITOR

    def __init__(self, numerator_key, denominator_key, result_key, trigger=(1, 'epoch')):
        self._trigger = util.get_trigger(trigger)
        self._numerator_key = numerator_key
        self._denominator_key = denominator_key
        self._result_key = result_key
        self._numerator = 0
        self._denominator = 0

    def __call__(self, trainer):
        observation = trainer.observation
        if not (self._numerator_key in observation and self._denominator_key in observation):
            return
        self._numerator += observation[self._numerator_key]
        self._denominator += observation[self._denominator_key]
        if self._trigger(trainer):
            result = float(self._numerator) / float(self._denominator)
            self._numerator = 0
            self._denominator = 0
            reporter.report({self._result_key: result})

    def serialize(self, serializer):
        self._numerator = serializer('_numerator', self._numerator)
        self._denominator = serializer('_denominator', self._denominator)
