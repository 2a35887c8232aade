"""Evaluator: run the model over a validation set and report the mean of its observations."""
import copy
import warnings

from kusari import reporter as reporter_module
from kusari.configuration import using_config
from kusari.dataset import convert
from kusari.dataset.iterator import Iterator
from kusari.function import no_backprop_mode
from kusari.link import Link
from kusari.training import extension


class Evaluator(extension.Extension):
    """Evaluate the target on every batch of an iterator (in test mode, without backprop) and
    report the means of what it reports, prefixed by the extension's name
    (``'validation/main/loss'``, ...).

    Each value is the mean over batches of what the target reported for each batch, as in
    Chainer: a mean of batch means. It equals the mean over examples when every batch has
    the same size; a smaller last batch weighs as much as a full one (359 test images in
    batches of 256 and 103: each image of the second batch counts 2.5 times as much). For
    the mean over examples, use a batch size that divides the data set, or evaluate it as
    one batch (``SerialIterator(test, len(test), repeat=False, shuffle=False)``, as the main
    job ``kusari.examples.train_digits`` does).

    Parameters
    ----------
    iterator : Iterator or dict of Iterator
        The data (``'main'`` in a dict); it should not repeat. It is reset before each
        evaluation.
    target : Link or dict of Link
        The model (``'main'`` in a dict), registered as an observer.
    converter : callable
        Turns a batch into arrays (:func:`kusari.dataset.concat_examples`).
    device : None, int, str or Device
        Where the batches go.
    eval_hook : callable, optional
        Called with the evaluator before each evaluation.
    eval_func : callable, optional
        Called with the arrays instead of the target.
    """

    trigger = 1, 'epoch'
    default_name = 'validation'
    priority = extension.PRIORITY_WRITER
    name = None

    def __init__(self, iterator, target, converter=convert.concat_examples, device=None,
                 eval_hook=None, eval_func=None, **kwargs):
        self._progress_bar = kwargs.pop('progress_bar', False)
        if kwargs:
            raise TypeError('Evaluator() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        if device is not None:
            device = convert._get_device(device)
        if isinstance(iterator, Iterator) or not isinstance(iterator, dict):
            iterator = {'main': iterator}
        if isinstance(target, Link):
            target = {'main': target}
        self._iterators = iterator
        self._targets = target
        self.converter = converter
        self.device = device
        self.eval_hook = eval_hook
        self.eval_func = eval_func
        for key, it in iterator.items():
            if getattr(it, 'repeat', False):
                warnings.warn(
                    'The `repeat` property of the iterator {} is set to `True`. The evaluator '
                    'sweeps over iterators until they stop, so evaluation could go into an '
                    'infinite loop.'.format(key))

    def get_iterator(self, name):
        return self._iterators[name]

    def get_all_iterators(self):
        return dict(self._iterators)

    def get_target(self, name):
        return self._targets[name]

    def get_all_targets(self):
        return dict(self._targets)

    def __call__(self, trainer=None):
        """Evaluate, report the results to the current reporter, and return them (a dict)."""
        reporter = reporter_module.Reporter()
        prefix = '' if self.name is None else self.name + '/'
        for name, target in self._targets.items():
            reporter.add_observer(prefix + name, target)
            reporter.add_observers(prefix + name, target.namedlinks(skipself=True))
        with reporter:
            with using_config('train', False):
                result = self.evaluate()
        reporter_module.report(result)
        return result

    def evaluate(self):
        """Run over the ``'main'`` iterator and return the mean of each reported value."""
        iterator = self._iterators['main']
        eval_func = self.eval_func or self._targets['main']
        if self.eval_hook:
            self.eval_hook(self)
        if hasattr(iterator, 'reset'):
            iterator.reset()
            it = iterator
        else:
            warnings.warn('This iterator does not have the reset method. Evaluator copies the '
                          'iterator instead of resetting. This behavior is deprecated. Please '
                          'implement the reset method.', DeprecationWarning, stacklevel=2)
            it = copy.copy(iterator)
        summary = reporter_module.DictSummary()
        for batch in it:
            observation = {}
            with reporter_module.report_scope(observation):
                in_arrays = convert._call_converter(self.converter, batch, self.device)
                with no_backprop_mode():
                    if isinstance(in_arrays, tuple):
                        eval_func(*in_arrays)
                    elif isinstance(in_arrays, dict):
                        eval_func(**in_arrays)
                    else:
                        eval_func(in_arrays)
            summary.add(observation)
        return summary.compute_mean()

    def finalize(self):
        for it in self._iterators.values():
            it.finalize()
