"""Private helpers of the special functions (lgamma, digamma, ..., log_ndtr).

Their values come from SciPy on the CPU (the optional extra ``scipy``, imported on the first
call) and from ``cupyx.scipy.special`` on the GPU. On the CPU the float arguments are
evaluated in float64 and the result is cast back to the input's dtype, so float16 and float32
inputs get correctly rounded values. erf, erfc and ndtr share the base class
:class:`UnarySpecial` but compute their own values, without SciPy.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check

_scipy_special = None


def scipy_special(label):
    """The module ``scipy.special``, or an ImportError naming the extra.

    Parameters
    ----------
    label : str
        The function that needs it, for the message.

    Returns
    -------
    module
        ``scipy.special``.

    Raises
    ------
    ImportError
        If SciPy is not installed.
    """
    global _scipy_special
    if _scipy_special is None:
        try:
            from scipy import special
        except ImportError:
            raise ImportError(
                'F.{} needs SciPy on the CPU, which is not installed: '
                "pip install 'kusari[scipy]'".format(label)) from None
        _scipy_special = special
    return _scipy_special


def evaluate(label, name, args, dtype):
    """``scipy.special.<name>(*args)`` (``cupyx`` on the GPU) as an array of ``dtype``.

    Parameters
    ----------
    label : str
        The calling function, for the error message when SciPy is missing.
    name : str
        The name of the ufunc in ``scipy.special``.
    args : tuple of array or scalar
        Its arguments; float arrays are evaluated in float64 on the CPU (float32 or wider on
        the GPU).
    dtype : dtype
        The dtype of the result.

    Returns
    -------
    array
        The broadcast result, of ``dtype``.
    """
    xp = backend.get_array_module(*args)
    if xp is numpy:
        special = scipy_special(label)
        args = [a.astype(numpy.float64) if getattr(a, 'dtype', None) is not None
                and a.dtype.kind == 'f' else a for a in args]
    else:
        import cupyx.scipy.special as special
        args = [a.astype(numpy.float32) if getattr(a, 'dtype', None) == numpy.float16 else a
                for a in args]
    return force_array(getattr(special, name)(*args), dtype)


class UnarySpecial(FunctionNode):
    """Base of an elementwise special function of one float input ``x``.

    Subclasses set ``_label`` and ``_scipy_name`` (or override ``_values``, the raw output
    array of the raw input, where the values come from elsewhere) and write ``backward``;
    ``_retain`` says whether the input (``'x'``), the output (``'y'``) or both (``'xy'``) are
    kept.
    """

    _label = None
    _scipy_name = None
    _retain = 'x'

    @property
    def label(self):
        return self._label

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def _values(self, x):
        return evaluate(self._label, self._scipy_name, (x,), x.dtype)

    def forward(self, inputs):
        x, = inputs
        if 'x' in self._retain:
            self.retain_inputs((0,))
        if 'y' in self._retain:
            self.retain_outputs((0,))
        return self._values(x),
