"""LogReport: average the observations over intervals and write them to a JSON log."""
import json
import os
import warnings

from kusari import reporter
from kusari.reporter import _is_saving
from kusari.training import extension, util


def _write_atomic(path, text):
    tmp = '{}.tmp{}'.format(path, os.getpid())
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


class LogReport(extension.Extension):
    """Collect the observations, and at each ``trigger`` append their means (plus ``epoch``,
    ``iteration`` and ``elapsed_time``) to :attr:`log` and rewrite the JSON file.

    Parameters
    ----------
    keys : list of str, optional
        The observation keys to log (all scalar ones by default).
    trigger : tuple or callable
        When to write an entry (``(1, 'epoch')``).
    postprocess : callable, optional
        Called with each entry (a dict) before it is stored.
    filename : str, optional
        The file name in the trainer's output folder (``'log'`` by default); may contain
        ``{epoch}``-style fields filled from the entry. Chainer's older keyword
        ``log_name=None`` writes no file.
    """

    def __init__(self, keys=None, trigger=(1, 'epoch'), postprocess=None, filename=None,
                 **kwargs):
        log_name = kwargs.pop('log_name', 'log')
        if kwargs:
            raise TypeError('LogReport() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        self._keys = keys
        self._trigger = util.get_trigger(trigger)
        self._postprocess = postprocess
        self._log = []
        self._log_name = log_name if filename is None else filename
        self._summary = reporter.DictSummary()

    def __call__(self, trainer):
        observation = trainer.observation
        if self._keys is None:
            self._summary.add(observation)
        else:
            self._summary.add({k: observation[k] for k in self._keys if k in observation})
        if trainer.is_before_training or self._trigger(trainer):
            entry = {name: float(value) for name, value in self._summary.compute_mean().items()}
            updater = trainer.updater
            entry['epoch'] = updater.epoch
            entry['iteration'] = updater.iteration
            entry['elapsed_time'] = trainer.elapsed_time
            if self._postprocess is not None:
                self._postprocess(entry)
            self._log.append(entry)
            if self._log_name is not None:
                name = self._log_name.format(**entry)
                _write_atomic(os.path.join(trainer.out, name), json.dumps(self._log, indent=4))
            self._summary = reporter.DictSummary()

    @property
    def log(self):
        """The list of logged entries (dicts)."""
        return self._log

    def serialize(self, serializer):
        if hasattr(self._trigger, 'serialize'):
            self._trigger.serialize(serializer['_trigger'])
        try:
            self._summary.serialize(serializer['_summary'])
        except KeyError:
            warnings.warn('The statistics are not saved.')
        if _is_saving(serializer):
            serializer('_log', json.dumps(self._log))
        else:
            self._log = json.loads(str(serializer('_log', '')))
