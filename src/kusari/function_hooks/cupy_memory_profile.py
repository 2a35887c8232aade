"""CupyMemoryProfileHook: the CuPy memory-pool bytes each function uses (GPU only)."""
import sys

from kusari import function_hook
from kusari.function_hooks import _report

_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB']


def _memory_hook_class():
    from kusari.backends import cuda
    cuda.check_cuda_available()
    import cupy

    class _CumulativeMemoryHook(cupy.cuda.memory_hook.MemoryHook):
        """Adds up the bytes handed out by the pool and the bytes the pool got from CUDA."""

        name = 'KusariCumulativeMemoryHook'

        def __init__(self):
            self.used_bytes = 0
            self.acquired_bytes = 0

        def alloc_preprocess(self, **kwargs):
            self.acquired_bytes += kwargs['mem_size']

        def malloc_preprocess(self, **kwargs):
            self.used_bytes += kwargs['mem_size']

    return _CumulativeMemoryHook


class CupyMemoryProfileHook(function_hook.FunctionHook):
    """Record, for every forward and backward of the hooked functions, the bytes taken from
    CuPy's memory pool (``used``) and the bytes the pool allocated from the GPU for it
    (``acquired``). CuPy is imported when the hook is made.

    Attributes
    ----------
    call_history : list of (str, int, int, int)
        One ``(function class name, used bytes, acquired bytes, nesting depth)`` per call.

    Raises
    ------
    RuntimeError
        On construction without CuPy (naming the ``cupy`` extra).
    """

    name = 'CupyMemoryProfileHook'
    _units = _UNITS
    _table = {u: 1024.0 ** i for i, u in enumerate(_UNITS)}

    def __init__(self):
        self._memory_hook = _memory_hook_class()()
        self.call_history = []
        self._running_stack = []
        self._total_used_bytes = 0
        self._total_acquired_bytes = 0

    def added(self, function=None):
        self._memory_hook.__enter__()

    def deleted(self, function=None):
        self._memory_hook.__exit__()

    def _start(self):
        self._running_stack.append(
            (self._memory_hook.used_bytes, self._memory_hook.acquired_bytes))

    def _stop(self, function):
        used0, acquired0 = self._running_stack.pop()
        used = self._memory_hook.used_bytes - used0
        acquired = self._memory_hook.acquired_bytes - acquired0
        depth = len(self._running_stack)
        self.call_history.append((function._impl_name, used, acquired, depth))
        if depth == 0:
            self._total_used_bytes += used
            self._total_acquired_bytes += acquired

    def forward_preprocess(self, function, in_data):
        self._start()

    def forward_postprocess(self, function, in_data):
        self._stop(function)

    def backward_preprocess(self, function, in_data, out_grad):
        self._start()

    def backward_postprocess(self, function, in_data, out_grad):
        self._stop(function)

    def total_used_bytes(self):
        """Bytes the outermost hooked calls took from the pool.

        Returns
        -------
        int
        """
        return self._total_used_bytes

    def total_acquired_bytes(self):
        """Bytes the pool allocated from the GPU during the outermost hooked calls.

        Returns
        -------
        int
        """
        return self._total_acquired_bytes

    def summary(self):
        """Bytes and number of calls per function.

        Returns
        -------
        dict
            ``{function class name: {'used_bytes', 'acquired_bytes', 'occurrence'}}``.
        """
        summary = {}
        for name, used, acquired, _ in self.call_history:
            record = summary.setdefault(
                name, {'used_bytes': 0, 'acquired_bytes': 0, 'occurrence': 0})
            record['used_bytes'] += used
            record['acquired_bytes'] += acquired
            record['occurrence'] += 1
        return summary

    def _choose_unit(self, size):
        denominator = 1.0
        if size <= 0:
            return denominator, _UNITS[0]
        for unit in _UNITS[:-1]:
            if size / (denominator * 1024) < 1:
                return denominator, unit
            denominator *= 1024
        return denominator, _UNITS[-1]

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table: function name, used bytes, acquired bytes, number of calls.

        Parameters
        ----------
        unit : str
            One of ``B``, ``KB``, ... ``ZB``, ``'auto'`` (units suiting the largest values)
            or ``'auto_foreach'`` (units per row).
        file : file-like
            Where to write.

        Raises
        ------
        ValueError
            If ``unit`` is none of these.
        """
        if unit not in self._table and unit not in ('auto', 'auto_foreach'):
            raise ValueError('print_report: unit must be one of {} or auto / auto_foreach, '
                             'got {!r}'.format(_UNITS, unit))
        summary = self.summary()
        if unit == 'auto':
            d_used, u_used = self._choose_unit(
                max([r['used_bytes'] for r in summary.values()], default=0))
            d_acq, u_acq = self._choose_unit(
                max([r['acquired_bytes'] for r in summary.values()], default=0))
        elif unit != 'auto_foreach':
            d_used = d_acq = self._table[unit]
            u_used = u_acq = unit
        rows = [['FunctionName', 'UsedBytes', 'AcquiredBytes', 'Occurrence']]
        for name, r in summary.items():
            if unit == 'auto_foreach':
                d_used, u_used = self._choose_unit(r['used_bytes'])
                d_acq, u_acq = self._choose_unit(r['acquired_bytes'])
            rows.append([name, '%3.2f%s' % (r['used_bytes'] / d_used, u_used),
                         '%3.2f%s' % (r['acquired_bytes'] / d_acq, u_acq),
                         str(r['occurrence'])])
        _report.write_table(rows, file)
