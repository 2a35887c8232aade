"""What the profiling hooks share: the timing of nested calls and the text tables they print."""
import sys
import time

import numpy


def write_table(rows, file):
    """Write ``rows`` (lists of str, the first one the header) right-aligned, two spaces apart.

    Parameters
    ----------
    rows : list of list of str
        The header row, then one row per entry.
    file : file-like
        Where to write; flushed afterwards when it can be.
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        file.write('  '.join(cell.rjust(w) for cell, w in zip(row, widths)) + '\n')
    if hasattr(file, 'flush'):
        file.flush()


def time_unit(seconds):
    """The factor and unit (``sec``, ``ms``, ``us`` or ``ns``) that show ``seconds`` >= 1.

    Parameters
    ----------
    seconds : float

    Returns
    -------
    tuple of (float, str)
    """
    factor = 1.0
    for unit in ('sec', 'ms', 'us'):
        if seconds * factor >= 1:
            return factor, unit
        factor *= 1000.0
    return factor, 'ns'


TIME_UNITS = {'sec': 1, 'ms': 10 ** 3, 'us': 10 ** 6, 'ns': 10 ** 9}


def time_rows(header, summary, unit):
    """Rows of a timing table: name, elapsed time in ``unit``, occurrences.

    Parameters
    ----------
    header : str
        The title of the name column.
    summary : dict
        ``{name: {'elapsed_time': seconds, 'occurrence': count}}``.
    unit : str
        ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``, ``'auto'`` (one unit that suits the largest
        time) or ``'auto_foreach'`` (a unit per row).

    Returns
    -------
    list of list of str

    Raises
    ------
    ValueError
        If ``unit`` is none of these.
    """
    if unit not in TIME_UNITS and unit not in ('auto', 'auto_foreach'):
        raise ValueError('print_report: unit must be one of {} or auto / auto_foreach, got '
                         '{!r}'.format(sorted(TIME_UNITS), unit))
    rows = [[header, 'ElapsedTime', 'Occurrence']]
    if unit == 'auto':
        longest = max([r['elapsed_time'] for r in summary.values()], default=0.0)
        factor, unit = time_unit(longest)
    elif unit != 'auto_foreach':
        factor = TIME_UNITS[unit]
    for name, record in summary.items():
        seconds = record['elapsed_time']
        if unit == 'auto_foreach':
            f, u = time_unit(seconds)
        else:
            f, u = factor, unit
        rows.append([name, '%3.2f%s' % (seconds * f, u), str(record['occurrence'])])
    return rows


class CallTimer:
    """The timing shared by the function and link TimerHooks (a mixin before the hook class).

    :meth:`_start` begins a call (wall clock on the CPU, a pair of CUDA events on the GPU);
    :meth:`_stop` ends the innermost running one and records it. Calls nest: each is
    recorded, and only the outermost ones add to :meth:`total_time`. Subclasses set
    ``_name_header``, the title of the name column of :meth:`print_report`.

    Attributes
    ----------
    call_history : list of (str, float)
        One ``(name, seconds)`` per finished call, in finishing order.
    """

    _name_header = 'Name'

    def __init__(self):
        self.call_history = []
        self._running_stack = []
        self._depth = 0
        self._total_time = 0.0

    def _start(self, xp):
        if xp is numpy:
            self._running_stack.append((numpy, time.perf_counter()))
        else:
            start, stop = xp.cuda.Event(), xp.cuda.Event()
            start.record()
            self._running_stack.append((xp, (start, stop)))
        self._depth += 1

    def _stop(self, name):
        xp, start = self._running_stack.pop()
        if xp is numpy:
            elapsed = time.perf_counter() - start
        else:
            start, stop = start
            stop.record()
            stop.synchronize()
            elapsed = xp.cuda.get_elapsed_time(start, stop) / 1000.0
        self.call_history.append((name, elapsed))
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
        """The time and number of calls per name (function or link class name).

        Returns
        -------
        dict
            ``{name: {'elapsed_time': seconds, 'occurrence': count}}`` in the order the
            names first finished.
        """
        summary = {}
        for name, elapsed in self.call_history:
            record = summary.setdefault(name, {'elapsed_time': 0, 'occurrence': 0})
            record['elapsed_time'] += elapsed
            record['occurrence'] += 1
        return summary

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table: name, elapsed time, number of calls.

        Parameters
        ----------
        unit : str
            ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``, ``'auto'`` (one unit suiting the
            largest time) or ``'auto_foreach'`` (a unit per row).
        file : file-like
            Where to write.

        Raises
        ------
        ValueError
            If ``unit`` is none of these.
        """
        write_table(time_rows(self._name_header, self.summary(), unit), file)
