"""Trainer: the training loop that runs an updater and its extensions."""
import collections
import os
import sys
import time
import traceback

from kusari import reporter as reporter_module
from kusari.reporter import _is_saving
from kusari.training import extension as extension_module
from kusari.training import util


class _ExtensionEntry:
    __slots__ = ('extension', 'trigger', 'priority', 'call_before_training')

    def __init__(self, extension, priority, trigger, call_before_training):
        self.extension = extension
        self.trigger = trigger
        self.priority = priority
        self.call_before_training = call_before_training


class Trainer:
    """Runs ``updater.update()`` until ``stop_trigger`` fires, calling extensions in between.

    Each iteration gets a fresh ``observation`` dict; the trainer's reporter (with every
    optimizer's target registered as ``'main'`` etc. and their child links as
    ``'main/child'``) is current around the update and the extensions, so values reported by
    the model appear as ``'main/loss'``.

    Parameters
    ----------
    updater : Updater
        Does one iteration per ``update()``.
    stop_trigger : tuple or callable, optional
        When to stop, e.g. ``(20, 'epoch')``; ``None`` never stops.
    out : str
        The output folder (created by :meth:`run`).
    extensions : list, optional
        Extensions to register with their defaults.
    """

    def __init__(self, updater, stop_trigger=None, out='result', extensions=None):
        self.updater = updater
        self.stop_trigger = util.get_trigger(stop_trigger)
        self.observation = {}
        self.out = out
        reporter = reporter_module.Reporter()
        for name, optimizer in updater.get_all_optimizers().items():
            reporter.add_observer(name, optimizer.target)
            reporter.add_observers(name, optimizer.target.namedlinks(skipself=True))
        self.reporter = reporter
        self._done = False
        self._extensions = collections.OrderedDict()
        self._start_at = None
        self._snapshot_elapsed_time = 0.0
        self._final_elapsed_time = None
        updater.connect_trainer(self)
        for ext in extensions or ():
            self.extend(ext)

    @property
    def is_before_training(self):
        """True while no iteration has run (the updater's iteration is 0)."""
        return self.updater.iteration == 0

    @property
    def elapsed_time(self):
        """Seconds of training, including those before a resume (from the snapshot).

        Raises
        ------
        RuntimeError
            If training has not started.
        """
        if self._done:
            return self._final_elapsed_time
        if self._start_at is None:
            raise RuntimeError('training has not been started yet')
        return time.perf_counter() - self._start_at + self._snapshot_elapsed_time

    def extend(self, extension, name=None, trigger=None, priority=None, *,
               call_before_training=False, **kwargs):
        """Register an extension.

        Parameters
        ----------
        extension : callable
            ``extension(trainer)``; an :class:`Extension` or any callable.
        name : str, optional
            Its name (default: ``extension.name``, then ``default_name``, then
            ``__name__``). A taken name gets a suffix ``_1``, ``_2``, ...
        trigger : tuple or callable, optional
            When to call it (default: ``extension.trigger``, else every iteration).
        priority : int, optional
            Higher is called first (default: ``extension.priority``, else
            ``PRIORITY_READER``).
        call_before_training : bool
            Also call it once before the first iteration.

        Raises
        ------
        TypeError
            If no name can be found.
        ValueError
            For the reserved name ``'training'``.
        """
        if 'invoke_before_training' in kwargs:
            raise ValueError('invoke_before_training has been removed since Chainer v2.0.0. '
                             'Use initializer= instead.')
        if kwargs:
            raise TypeError('extend() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        if name is None:
            name = getattr(extension, 'name', None)
            if name is None:
                name = getattr(extension, 'default_name', None)
            if name is None:
                name = getattr(extension, '__name__', None)
            if name is None:
                raise TypeError('name is not given for the extension')
        if name == 'training':
            raise ValueError('the name "training" is prohibited as an extension name')
        if trigger is None:
            trigger = getattr(extension, 'trigger', (1, 'iteration'))
        trigger = util.get_trigger(trigger)
        if priority is None:
            priority = getattr(extension, 'priority', extension_module.PRIORITY_READER)
        unique = name
        ordinal = 0
        while unique in self._extensions:
            ordinal += 1
            unique = '{}_{}'.format(name, ordinal)
        extension.name = unique
        self._extensions[unique] = _ExtensionEntry(extension, priority, trigger,
                                                   call_before_training)

    def get_extension(self, name):
        """The extension registered as ``name``.

        Raises
        ------
        ValueError
            If there is none.
        """
        entry = self._extensions.get(name)
        if entry is None:
            raise ValueError('extension %s not found' % name)
        return entry.extension

    def run(self, show_loop_exception_msg=True):
        """Run the training loop until the stop trigger fires.

        Extensions' ``initialize`` run first (except those whose trigger is ``finished``;
        snapshots with ``autoload`` before the others, so that they see the loaded state);
        each iteration updates, then calls the triggered extensions in priority order. On an
        exception the extensions' ``on_error`` run; ``finalize`` always runs.

        Raises
        ------
        RuntimeError
            If called a second time.
        """
        if self._done:
            raise RuntimeError('cannot run training loop multiple times')
        os.makedirs(self.out, exist_ok=True)
        entries = sorted(self._extensions.items(), key=lambda kv: kv[1].priority, reverse=True)
        self._start_at = time.perf_counter()
        # snapshots that autoload go first, so that the other extensions initialize from the
        # restored state (e.g. a learning-rate shift re-applies the value it stopped at)
        init_order = sorted(entries, key=lambda kv: not getattr(kv[1].extension, 'autoload',
                                                                 False))
        for _, entry in init_order:
            init = getattr(entry.extension, 'initialize', None)
            if init and not getattr(entry.trigger, 'finished', False):
                init(self)
        update = self.updater.update
        reporter = self.reporter
        stop_trigger = self.stop_trigger
        if self.is_before_training:
            self.observation = {}
            with reporter.scope(self.observation):
                for _, entry in entries:
                    if entry.call_before_training:
                        entry.extension(self)
        try:
            while not stop_trigger(self):
                self.observation = {}
                with reporter.scope(self.observation):
                    update()
                    for _, entry in entries:
                        if entry.trigger(self):
                            entry.extension(self)
        except Exception as e:
            err = sys.stderr
            if show_loop_exception_msg:
                err.write('Exception in main training loop: {}\n'.format(e))
                err.write('Traceback (most recent call last):\n')
                traceback.print_tb(sys.exc_info()[2])
                err.write('Will finalize trainer extensions and updater before reraising the '
                          'exception.\n')
            tb = sys.exc_info()[2]
            for _, entry in entries:
                handler = getattr(entry.extension, 'on_error', None)
                if handler:
                    try:
                        handler(self, e, tb)
                    except Exception as he:
                        err.write('Exception in error handler: {}\n'.format(he))
                        err.write('Traceback (most recent call last):\n')
                        traceback.print_tb(sys.exc_info()[2])
            raise
        finally:
            for _, entry in entries:
                fin = getattr(entry.extension, 'finalize', None)
                if fin:
                    fin()
            self.updater.finalize()
        self._final_elapsed_time = self.elapsed_time
        self._done = True

    def serialize(self, serializer):
        """Save or load the updater, the stop trigger, extensions, their triggers, and the
        elapsed time."""
        self.updater.serialize(serializer['updater'])
        if hasattr(self.stop_trigger, 'serialize'):
            self.stop_trigger.serialize(serializer['stop_trigger'])
        s = serializer['extensions']
        t = serializer['extension_triggers']
        for name, entry in self._extensions.items():
            if hasattr(entry.extension, 'serialize'):
                entry.extension.serialize(s[name])
            if hasattr(entry.trigger, 'serialize'):
                entry.trigger.serialize(t[name])
        if _is_saving(serializer):
            elapsed = self.elapsed_time if self._start_at is not None or self._done \
                else self._snapshot_elapsed_time
            serializer('_snapshot_elapsed_time', elapsed)
        else:
            self._snapshot_elapsed_time = float(serializer('_snapshot_elapsed_time', 0.0))
