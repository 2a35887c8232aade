"""``numpy.add.at`` for NumPy and CuPy arrays (CuPy's ``ndarray.scatter_add`` is deprecated)."""
import numpy

from kusari import backend


def add_at(a, indices, b):
    """Add ``b`` in place at ``a[indices]``, every repeated index contributing.

    NumPy arrays use :func:`numpy.add.at`; CuPy arrays use ``cupy.add.at`` (CuPy 12 and
    later) or ``cupyx.scatter_add`` on older versions.

    Parameters
    ----------
    a : numpy.ndarray or cupy.ndarray
        The array updated in place.
    indices : index
        Anything ``a[indices]`` accepts.
    b : array or scalar
        The values, broadcastable to ``a[indices].shape``; on the device of ``a``.
    """
    xp = backend.get_array_module(a)
    if xp is numpy:
        numpy.add.at(a, indices, b)
        return
    at = getattr(xp.add, 'at', None)
    if at is not None:
        at(a, indices, b)
    else:   # CuPy < 12 has no ufunc.at
        import cupyx
        cupyx.scatter_add(a, indices, b)
