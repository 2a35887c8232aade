"""CuPy's NCCL binding, when CuPy with NCCL is installed (``_available`` tells).

The names are CuPy's (``cupy.cuda.nccl``); without it they are absent and
:func:`get_build_version` returns 0, so that code asking for a version skips cleanly.
"""
import numpy

try:
    from cupy.cuda.nccl import (  # noqa: F401
        NCCL_FLOAT,
        NCCL_FLOAT16,
        NCCL_FLOAT32,
        NCCL_FLOAT64,
        NCCL_SUM,
        NcclCommunicator,
        NcclError,
        get_build_version,
        get_unique_id,
        get_version,
    )
    _available = True
except Exception:          # no CuPy, or CuPy built without NCCL (ImportError, CUDA errors)
    _available = False

    def get_build_version():
        """0: kusari found no NCCL (CuPy with NCCL is needed)."""
        return 0

    def get_version():
        """0: kusari found no NCCL (CuPy with NCCL is needed)."""
        return 0


def check_available(what):
    """Raise a RuntimeError saying that ``what`` needs CuPy with NCCL, if it is absent."""
    if not _available:
        raise RuntimeError(
            '{} needs NCCL, which kusari uses through CuPy (cupy.cuda.nccl), and it is not '
            'available here: install CuPy for your CUDA (pip install \'kusari[cupy]\') on a '
            'machine with NVIDIA GPUs, or use a CPU communicator '
            '(create_communicator(\'packed\') or \'naive\')'.format(what))


def type_id(dtype):
    """The NCCL type id of float16, float32 or float64.

    Raises
    ------
    ValueError
        For any other dtype.
    """
    dtype = numpy.dtype(dtype)
    if dtype == numpy.float16:
        return NCCL_FLOAT16
    if dtype == numpy.float32:
        return NCCL_FLOAT32
    if dtype == numpy.float64:
        return NCCL_FLOAT64
    raise ValueError('NCCL communication supports float16, float32 and float64, '
                     'got {}'.format(dtype))
