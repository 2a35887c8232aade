"""What the CPU kernels share: whether Numba runs them, and which arrays they take.

Numba is imported here on the first question, never at ``import kusari``.
"""
import numpy

from kusari.configuration import config

_importable = []


def enabled():
    """Whether the Numba kernels run: ``config.use_numba`` is on and Numba imports."""
    if not config.use_numba:
        return False
    if not _importable:
        try:
            import numba  # noqa: F401
            _importable.append(True)
        except ImportError:  # pragma: no cover - numba is a dependency
            _importable.append(False)
    return _importable[0]


def flat(*arrays):
    """1-D views of C-contiguous NumPy arrays of one dtype, float32 or float64, or None if
    any array is something else (a kernel then leaves them to the NumPy path)."""
    dtype = arrays[0].dtype
    if dtype != numpy.float32 and dtype != numpy.float64:
        return None
    out = []
    for a in arrays:
        if type(a) is not numpy.ndarray or a.dtype != dtype or not a.flags.c_contiguous:
            return None
        out.append(a.reshape(-1))
    return out
