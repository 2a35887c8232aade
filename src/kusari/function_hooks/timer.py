"""TimerHook: how long each function's forward and backward take."""
import sys
import time

import numpy

from kusari import backend, function_hook
from kusari.function_hooks import _report


class TimerHook(function_hook.FunctionHook):
    """Record the time of every forward and backward of the hooked functions.

    On the CPU the wall-clock time (``time.perf_counter``) is taken; on the GPU a pair of
    CUDA events, waited for at the end of the call. Calls nest (a backward applies
    functions): each call is recorded, and :meth:`total_time` sums the outermost ones only.

    Attributes
    ----------
    call_history : list of (str, float)
        One ``(function class name, seconds)`` per finished call, in finishing order.

    Examples
    --------
    >>> with TimerHook() as hook:
    ...     loss = model(x, t)
    ...     loss.backward()
    >>> hook.print_report()             # doctest: +SKIP
           FunctionName  ElapsedTime  Occurrence
         LinearFunction      0.52ms           4
    """

    name = 'TimerHook'
    table = _report.TIME_UNITS

    def __init__(self):
        self.call_history = []
        self._running_stack = []
        self._depth = 0
        self._total_time = 0.0

    def _start(self, arrays):
        xp = backend.get_array_module(*arrays)
        if xp is numpy:
            self._running_stack.append((numpy, time.perf_counter()))
        else:
            start, stop = xp.cuda.Event(), xp.cuda.Event()
            start.record()
            self._running_stack.append((xp, (start, stop)))
        self._depth += 1

    def _stop(self, function):
        xp, start = self._running_stack.pop()
        if xp is numpy:
            elapsed = time.perf_counter() - start
        else:
            start, stop = start
            stop.record()
            stop.synchronize()
            elapsed = xp.cuda.get_elapsed_time(start, stop) / 1000.0
        self.call_history.append((function._impl_name, elapsed))
        self._depth -= 1
        if self._depth == 0:
            self._total_time += elapsed

    def forward_preprocess(self, function, in_data):
        self._start(in_data)

    def forward_postprocess(self, function, in_data):
        self._stop(function)

    def backward_preprocess(self, function, in_data, out_grad):
        self._start(in_data + out_grad)

    def backward_postprocess(self, function, in_data, out_grad):
        self._stop(function)

    def total_time(self):
        """The seconds spent in the outermost hooked calls.

        Returns
        -------
        float
        """
        return self._total_time

    def summary(self):
        """The time and number of calls per function.

        Returns
        -------
        dict
            ``{function class name: {'elapsed_time': seconds, 'occurrence': count}}`` in the
            order the names first finished.
        """
        summary = {}
        for name, elapsed in self.call_history:
            record = summary.setdefault(name, {'elapsed_time': 0, 'occurrence': 0})
            record['elapsed_time'] += elapsed
            record['occurrence'] += 1
        return summary

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table: function name, elapsed time, number of calls.

        Parameters
        ----------
        unit : str
            ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``, ``'auto'`` (one unit suiting the
            largest time) or ``'auto_foreach'`` (a unit per row).
        file : file-like
            Where to write.
        """
        _report.write_table(_report.time_rows('FunctionName', self.summary(), unit), file)
