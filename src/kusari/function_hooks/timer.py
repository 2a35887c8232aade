"""TimerHook: how long each function's forward and backward take."""
from kusari import backend, function_hook
from kusari.function_hooks import _report


class TimerHook(_report.CallTimer, function_hook.FunctionHook):
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
    _name_header = 'FunctionName'

    def forward_preprocess(self, function, in_data):
        self._start(backend.get_array_module(*in_data))

    def forward_postprocess(self, function, in_data):
        self._stop(function._impl_name)

    def backward_preprocess(self, function, in_data, out_grad):
        self._start(backend.get_array_module(*(in_data + out_grad)))

    def backward_postprocess(self, function, in_data, out_grad):
        self._stop(function._impl_name)
