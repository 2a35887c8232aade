"""PrintHook: print what goes into each function's forward and backward."""
import sys
import warnings

from kusari import backend, function_hook
from kusari.variable import Variable


class PrintHook(function_hook.FunctionHook):
    """Print, before each forward and backward of the hooked functions, the function's label
    and a summary of each input array (device, type, shape, dtype, mean and standard
    deviation, as :meth:`Variable.debug_print` writes it); before a backward also the
    output gradients. An input the function did not retain prints as ``(removed)``.

    Parameters
    ----------
    sep : None
        Deprecated and ignored (Chainer kept it for compatibility).
    end : str
        Appended to every printed block.
    file : file-like
        Where to write (standard output by default).
    flush : bool
        Flush ``file`` after each function.

    Examples
    --------
    >>> with PrintHook():                 # doctest: +SKIP
    ...     y = F.relu(x)
    function	ReLU
    input data
    <variable at 0x7f...>
    - device: CPU
    ...
    """

    name = 'PrintHook'

    def __init__(self, sep=None, end='\n', file=sys.stdout, flush=True):
        if sep is not None:
            warnings.warn('the sep argument of PrintHook is deprecated and ignored',
                          DeprecationWarning)
        self.sep = sep
        self.end = end
        self.file = file
        self.flush = flush

    def _print(self, text):
        self.file.write(text + self.end)

    def _process(self, function, in_data, out_grad=None):
        self._print('function\t{}'.format(function.label))
        self._print('input data')
        for x in in_data:
            if x is None:
                self._print('(removed)')
            else:
                self._print(Variable(x).debug_print())
        if out_grad is not None:
            self._print('output gradient')
            for g in out_grad:
                if g is None:
                    v = Variable()
                else:
                    # a zero array carrying the gradient: debug_print shows the grad's stats
                    v = Variable(backend.get_array_module(g).zeros_like(g))
                    v.grad = g
                self._print(v.debug_print())
        if self.flush and hasattr(self.file, 'flush'):
            self.file.flush()

    def forward_preprocess(self, function, in_data):
        self._process(function, in_data)

    def backward_preprocess(self, function, in_data, out_grad):
        self._process(function, in_data, out_grad)
