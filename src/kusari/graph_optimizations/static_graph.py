"""``static_graph``: Chainer's decorator for chains whose graph is the same on every call.

In Chainer, the decorated ``__call__`` of a chain runs define-by-run once while a schedule
of its functions is recorded; later calls replay that schedule as one node of the graph
(first-order only unless ``enable_double_backprop=True``), and only functions marked with
:func:`static_code` run again among the other Python code.

kusari accepts the decorator with all of Chainer's options and keeps its bookkeeping
(``chain.schedule_manager``, ``chain.static_schedule``, one schedule per input signature
and mode, the error on nested static chains), but **runs the decorated code define-by-run
on every call**: outputs, gradients (to every order) and side effects are those of the
undecorated code, and there is no speed-up. This is the documented behaviour, not a stub:
a replay would skip Python code between the functions, and results that differ from
define-by-run whenever that code matters are what the decorator warns its users about.
The functions run on the first call of each schedule are recorded (``function_labels``)
for the ``verbosity_level`` printouts.
"""
import functools

from kusari import function_hook
from kusari.configuration import config, using_config
from kusari.variable import Variable


class _Recorder(function_hook.FunctionHook):
    """Records the label of every function applied while it is installed."""

    name = 'kusari.graph_optimizations.static_graph'

    def __init__(self):
        self.labels = []

    def forward_preprocess(self, function, in_data):
        self.labels.append(function.label)


def _flatten(args):
    if isinstance(args, (list, tuple)):
        out = []
        for a in args:
            out.extend(_flatten(a))
        return out
    return [args]


def _signature(x):
    a = x.array if isinstance(x, Variable) else x
    shape = getattr(a, 'shape', None)
    dtype = getattr(a, 'dtype', None)
    return (type(a).__name__, shape, None if dtype is None else str(dtype))


class StaticScheduleFunction:
    """The schedule of one static chain for one input signature and mode.

    kusari does not replay it (see the module docstring); it records what the first call
    ran and how often it was used.

    Attributes
    ----------
    key : tuple
        ``(train, enable_backprop, input signatures)``.
    function_labels : list of str
        The functions applied by the first call, in order.
    call_count : int
        The calls made with this schedule.
    """

    def __init__(self, key, verbosity_level=0, enable_double_backprop=False):
        self.key = key
        self.verbosity_level = verbosity_level
        self.enable_double_backprop = enable_double_backprop
        self.function_labels = []
        self.call_count = 0

    def is_empty(self):
        """True until the first call with this schedule has run.

        Returns
        -------
        bool
        """
        return self.call_count == 0

    def debug_print_ref_counts(self):
        """Print the recorded functions (Chainer prints array reference counts here)."""
        print('static schedule {}: {} functions: {}'.format(
            self.key, len(self.function_labels), ', '.join(self.function_labels)))

    def __repr__(self):
        return '<StaticScheduleFunction train={} enable_backprop={} inputs={} functions={} ' \
               'calls={}>'.format(self.key[0], self.key[1], list(self.key[2]),
                                  len(self.function_labels), self.call_count)


class ScheduleManager:
    """The schedules of one static chain, one per input signature and mode.

    Parameters
    ----------
    minimize_cache_size : bool
        Keep only the latest schedule (kusari's schedules hold no arrays, so this only
        bounds the bookkeeping).
    verbosity_level : int
        0: silent, 1: print when a new schedule is made, 2: also print every call.
    """

    def __init__(self, minimize_cache_size=True, verbosity_level=0):
        self.minimize_cache_size = minimize_cache_size
        self.verbosity_level = verbosity_level
        self.schedules = {}

    def get_schedule(self, in_vars, enable_double_backprop=False):
        """The schedule for ``in_vars`` in the current mode (made on first use).

        Parameters
        ----------
        in_vars : sequence of Variable or array
            The flattened inputs of the chain.
        enable_double_backprop : bool
            Stored on the schedule (every order works in kusari regardless).

        Returns
        -------
        StaticScheduleFunction
        """
        key = (bool(config.train), bool(config.enable_backprop),
               tuple(_signature(x) for x in in_vars))
        schedule = self.schedules.get(key)
        if schedule is None:
            if self.minimize_cache_size:
                self.schedules.clear()
            schedule = self.schedules[key] = StaticScheduleFunction(
                key, self.verbosity_level, enable_double_backprop)
            if self.verbosity_level >= 1:
                print('static_graph: new schedule for train={} enable_backprop={} inputs={}'
                      .format(*key[:2], list(key[2])))
        return schedule

    def end_forward(self):
        """Mark the end of a forward pass made without a backward (nothing to release in
        kusari; kept for Chainer code that calls it)."""

    def __repr__(self):
        return '<ScheduleManager schedules={}>'.format(list(self.schedules.values()))


def static_graph(*args, **kwargs):
    """Mark a chain's ``__call__`` (or another method) as a static sub-graph.

    Usable bare (``@static_graph``) or with Chainer's keyword options. The decorated
    method runs define-by-run on every call in kusari (see the module docstring); with
    ``config.use_static_graph`` False it runs with no bookkeeping at all, as in Chainer.

    Parameters
    ----------
    force_test_define_by_run : bool
        No bookkeeping when ``config.train`` is False.
    minimize_cache_size : bool
        See :class:`ScheduleManager`.
    verbosity_level : int
        0, 1 or 2 (see :class:`ScheduleManager`).
    enable_double_backprop : bool
        Accepted; gradients of every order work either way in kusari.

    Returns
    -------
    callable
        The wrapped method, or a decorator when called with keyword arguments.

    Raises
    ------
    TypeError
        For unknown keywords or a non-callable positional argument.
    RuntimeError
        When a static chain is called inside another one (Chainer forbids nesting).
    """
    options = {'force_test_define_by_run': False, 'minimize_cache_size': False,
               'verbosity_level': 0, 'enable_double_backprop': False}
    unknown = set(kwargs) - set(options)
    if unknown:
        raise TypeError('static_graph() got unexpected keyword arguments: {}'.format(
            sorted(unknown)))
    options.update(kwargs)

    def wrap(func):
        @functools.wraps(func)
        def wrapped(*inner_args, **inner_kwargs):
            if not config.use_static_graph:
                return func(*inner_args, **inner_kwargs)
            if options['force_test_define_by_run'] and not config.train:
                return func(*inner_args, **inner_kwargs)
            chain = inner_args[0]
            if config.schedule_func is not None:
                raise RuntimeError('static_graph: static chains cannot be nested: {} is '
                                   'called inside another static chain'.format(
                                       type(chain).__name__))
            verbosity = options['verbosity_level']
            manager = chain.__dict__.get('schedule_manager')
            if manager is None:
                manager = chain.schedule_manager = ScheduleManager(
                    options['minimize_cache_size'], verbosity)
            schedule = chain.static_schedule = manager.get_schedule(
                _flatten(inner_args[1:]), options['enable_double_backprop'])
            if verbosity >= 2:
                print('static_graph: calling {} ({})'.format(type(chain).__name__, schedule))
            with using_config('schedule_func', schedule):
                if schedule.is_empty():
                    recorder = _Recorder()
                    with recorder:
                        out = func(*inner_args, **inner_kwargs)
                    schedule.function_labels = recorder.labels
                else:
                    out = func(*inner_args, **inner_kwargs)
            schedule.call_count += 1
            return out
        return wrapped

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    if args:
        raise TypeError('static_graph() takes a method, or only keyword arguments, got '
                        '{!r}'.format(args))
    return wrap
