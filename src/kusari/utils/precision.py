"""Mixed precision helper (``chainer.utils.precision``)."""
import functools

import numpy


def _fp16_mixed_precision_helper(fn):
    """Decorate ``forward(self, inputs)`` so that float16 inputs are computed in float32.

    Float16 inputs are cast to float32 before ``fn``; if no input had another float dtype,
    the float32 outputs are cast back to float16. Float32 and float64 inputs pass unchanged.

    Parameters
    ----------
    fn : callable
        ``fn(self, inputs) -> tuple of arrays``.

    Returns
    -------
    callable
        The wrapped method.
    """
    @functools.wraps(fn)
    def wrapper(self, in_data):
        back_to_half = all([x.dtype.kind != 'f' or x.dtype == numpy.float16 for x in in_data])
        in_data = tuple([x.astype(numpy.float32) if x.dtype == numpy.float16 else x
                         for x in in_data])
        out_data = fn(self, in_data)
        if back_to_half:
            out_data = tuple([y.astype(numpy.float16)
                              if y is not None and y.dtype == numpy.float32 else y
                              for y in out_data])
        return out_data
    return wrapper
