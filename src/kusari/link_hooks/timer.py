"""TimerHook (links): how long each link's forward takes."""
import sys
import time

import numpy

from kusari import link_hook
from kusari.function_hooks import _report


class TimerHook(link_hook.LinkHook):
    """Record the time of every forward of the hooked links.

    On the CPU the wall-clock time is taken; for a link on the GPU a pair of CUDA events,
    waited for at the end of the call. Links nest (a chain calls its children): every call
    is recorded, so the times of a chain include those of its children; :meth:`total_time`
    sums the outermost calls only.

    Attributes
    ----------
    call_history : list of (str, float)
        One ``(link class name, seconds)`` per finished call, in finishing order.
    """

    name = 'TimerHook'
    table = _report.TIME_UNITS

    def __init__(self):
        self.call_history = []
        self._running_stack = []
        self._depth = 0
        self._total_time = 0.0

    def forward_preprocess(self, args):
        xp = args.link.xp
        if xp is numpy:
            self._running_stack.append((numpy, time.perf_counter()))
        else:
            start, stop = xp.cuda.Event(), xp.cuda.Event()
            start.record()
            self._running_stack.append((xp, (start, stop)))
        self._depth += 1

    def forward_postprocess(self, args):
        xp, start = self._running_stack.pop()
        if xp is numpy:
            elapsed = time.perf_counter() - start
        else:
            start, stop = start
            stop.record()
            stop.synchronize()
            elapsed = xp.cuda.get_elapsed_time(start, stop) / 1000.0
        self.call_history.append((type(args.link).__name__, elapsed))
        self._depth -= 1
        if self._depth == 0:
            self._total_time += elapsed

    def total_time(self):
        """The seconds spent in the outermost hooked calls.

        Returns
        -------
        float
        """
        return self._total_time

    def summary(self):
        """The time and number of calls per link class.

        Returns
        -------
        dict
            ``{link class name: {'elapsed_time': seconds, 'occurrence': count}}``.
        """
        summary = {}
        for name, elapsed in self.call_history:
            record = summary.setdefault(name, {'elapsed_time': 0, 'occurrence': 0})
            record['elapsed_time'] += elapsed
            record['occurrence'] += 1
        return summary

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table: link name, elapsed time, number of calls.

        Parameters
        ----------
        unit : str
            ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``, ``'auto'`` or ``'auto_foreach'``.
        file : file-like
            Where to write.
        """
        _report.write_table(_report.time_rows('LinkName', self.summary(), unit), file)
