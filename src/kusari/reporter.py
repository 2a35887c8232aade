"""Reporter: collect named values during training; Summary and DictSummary average them.

The trainer makes its reporter current around each update, so ``kusari.report({'loss': loss},
model)`` inside a model's ``forward`` lands in the trainer's observation as ``main/loss``.
"""
import collections
import contextlib
import json
import threading
import warnings

import numpy

from kusari import backend
from kusari.configuration import config
from kusari.variable import Variable

_thread_local = threading.local()


def _reporters():
    stack = getattr(_thread_local, 'reporters', None)
    if stack is None:
        stack = _thread_local.reporters = []
    return stack


def _detach(value):
    """A Variable without its graph (so that reports keep no graph alive)."""
    if isinstance(value, Variable):
        return Variable(value.array, requires_grad=False)
    return value


def _is_saving(serializer):
    """True when ``serializer`` writes (a Serializer), False when it reads."""
    try:
        from kusari.serializer import Deserializer, Serializer
    except ImportError:  # pragma: no cover - the serializer module is part of the package
        return not hasattr(serializer, 'load')
    if isinstance(serializer, Serializer):
        return True
    if isinstance(serializer, Deserializer):
        return False
    return not hasattr(serializer, 'load')


class Reporter:
    """Collects observed values into a dictionary, the ``observation``.

    Observers (links, optimizers, any object) are registered under a name; a value reported
    with an observer is stored as ``'<name>/<key>'``, one reported without as ``'<key>'``.
    ``with reporter:`` makes the reporter current, so that :func:`report` reaches it.

    Attributes
    ----------
    observation : dict
        The dictionary the reported values go to (replaced by :meth:`scope`).
    """

    def __init__(self):
        self._observer_names = {}
        self.observation = {}

    def __enter__(self):
        _reporters().append(self)

    def __exit__(self, exc_type, exc_value, traceback):
        _reporters().pop()

    @contextlib.contextmanager
    def scope(self, observation):
        """Make this reporter current and send reports to ``observation`` inside the block.

        Parameters
        ----------
        observation : dict
            The dictionary that receives the values reported in the block.
        """
        old = self.observation
        self.observation = observation
        self.__enter__()
        try:
            yield
        finally:
            self.__exit__(None, None, None)
            self.observation = old

    def add_observer(self, name, observer):
        """Register ``observer`` under ``name``.

        Parameters
        ----------
        name : str
            The prefix of the keys of values reported with this observer.
        observer : object
            Any object (matched by identity).
        """
        self._observer_names[id(observer)] = name

    def add_observers(self, prefix, observers):
        """Register several observers given as ``(name, observer)`` pairs, names prefixed.

        Parameters
        ----------
        prefix : str
            Prepended to every name.
        observers : iterable of (str, object)
            For example ``link.namedlinks(skipself=True)``.
        """
        for name, observer in observers:
            self._observer_names[id(observer)] = prefix + name

    def report(self, values, observer=None):
        """Store ``values`` (a dict) in the current observation.

        Variables lose their graph unless ``config.keep_graph_on_report`` is on.

        Parameters
        ----------
        values : dict
            Names to values (scalars, arrays or Variables).
        observer : object, optional
            A registered observer; its name prefixes the keys.

        Raises
        ------
        KeyError
            If ``observer`` was not registered.
        """
        if not config.keep_graph_on_report:
            values = {k: _detach(v) for k, v in values.items()}
        if observer is None:
            self.observation.update(values)
            return
        name = self._observer_names.get(id(observer))
        if name is None:
            raise KeyError('Given observer is not registered to the reporter.')
        for key, value in values.items():
            self.observation['{}/{}'.format(name, key)] = value


def get_current_reporter():
    """The reporter made current last (by ``with reporter`` or :meth:`Reporter.scope`).

    Raises
    ------
    IndexError
        If no reporter is current.
    """
    return _reporters()[-1]


def report(values, observer=None):
    """Report ``values`` to the current reporter; does nothing when none is current.

    Parameters
    ----------
    values : dict
        Names to values (scalars, arrays or Variables).
    observer : object, optional
        An observer registered to the current reporter (its name prefixes the keys).
    """
    stack = _reporters()
    if stack:
        stack[-1].report(values, observer)


@contextlib.contextmanager
def report_scope(observation):
    """Send the current reporter's reports to ``observation`` inside the block.

    Parameters
    ----------
    observation : dict
        The dictionary that receives the values.
    """
    current = _reporters()[-1]
    old = current.observation
    current.observation = observation
    try:
        yield
    finally:
        current.observation = old


class Summary:
    """Online (weighted) mean and standard deviation of scalars."""

    def __init__(self):
        self._x = 0.0
        self._x2 = 0.0
        self._n = 0

    def add(self, value, weight=1):
        """Add ``value`` with ``weight``.

        Parameters
        ----------
        value : scalar, 0-d array or Variable
            The value.
        weight : scalar or 0-d array
            Its weight (1 by default).
        """
        if isinstance(value, Variable):
            value = value.array
        if isinstance(weight, Variable):
            weight = weight.array
        self._x += weight * value
        self._x2 += weight * value * value
        self._n += weight

    def compute_mean(self):
        """The weighted mean of the values added so far."""
        return self._x / self._n

    def make_statistics(self):
        """The weighted mean and standard deviation, as a tuple ``(mean, std)``."""
        mean = self._x / self._n
        var = self._x2 / self._n - mean * mean
        xp = backend.get_array_module(var)
        return mean, xp.sqrt(xp.maximum(var, 0))  # rounding can make var slightly negative

    def serialize(self, serializer):
        """Save or load the running sums."""
        try:
            self._x = serializer('_x', self._x)
            self._x2 = serializer('_x2', self._x2)
            self._n = serializer('_n', self._n)
        except KeyError:
            warnings.warn('The previous statistics are not saved.')


class DictSummary:
    """A :class:`Summary` per key of the dictionaries added.

    Only scalar values (Python numbers, 0-d arrays, 0-d Variables) are summarized; others
    (arrays with elements, strings) are ignored. A value may be a ``(value, weight)`` tuple.
    """

    def __init__(self):
        self._summaries = collections.defaultdict(Summary)

    def add(self, d):
        """Add the scalar values of the dictionary ``d``.

        Parameters
        ----------
        d : dict
            Names to values or ``(value, weight)`` tuples.

        Raises
        ------
        ValueError
            If a weight is not a scalar.
        """
        summaries = self._summaries
        for key, value in d.items():
            weight = 1
            if isinstance(value, tuple):
                value, weight = value[0], value[1]
                if isinstance(weight, Variable):
                    weight = weight.array
                if not numpy.isscalar(weight) and getattr(weight, 'ndim', -1) != 0:
                    raise ValueError('Given weight to {} was not scalar.'.format(key))
            if isinstance(value, Variable):
                value = value.array
            if isinstance(value, (str, bytes)):
                continue
            if numpy.isscalar(value) or getattr(value, 'ndim', -1) == 0:
                summaries[key].add(value, weight=weight)

    def compute_mean(self):
        """A dict of the mean of each key."""
        return {name: s.compute_mean() for name, s in self._summaries.items()}

    def make_statistics(self):
        """A dict of the mean (``key``) and standard deviation (``key + '.std'``) of each key."""
        stats = {}
        for name, s in self._summaries.items():
            mean, std = s.make_statistics()
            stats[name] = mean
            stats[name + '.std'] = std
        return stats

    def serialize(self, serializer):
        """Save or load every summary (the key names as JSON)."""
        if _is_saving(serializer):
            names = list(self._summaries.keys())
            serializer('_names', json.dumps(names))
            for i, name in enumerate(names):
                self._summaries[name].serialize(serializer['_summaries'][str(i)])
        else:
            self._summaries.clear()
            try:
                names = json.loads(serializer('_names', ''))
            except KeyError:
                warnings.warn('The names of statistics are not saved.')
                return
            for i, name in enumerate(names):
                self._summaries[name].serialize(serializer['_summaries'][str(i)])
