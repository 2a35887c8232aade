"""Checks shared by the GPU communicators (a clear error where CuPy or a GPU is missing)."""


def check_gpu(name):
    """Raise a RuntimeError naming ``name`` unless CuPy and a CUDA device are available.

    Parameters
    ----------
    name : str
        The communicator (``'flat'``, ...), for the message.
    """
    hint = ('on a CPU-only machine use create_communicator(\'packed\') (one all-reduce per '
            'step; the default there) or \'naive\'')
    try:
        import cupy
    except Exception as e:
        raise RuntimeError('the {!r} communicator works on CUDA GPUs through CuPy, which '
                           'cannot be imported here ({}): install it with pip install '
                           '\'kusari[cupy]\', or {}'.format(name, e, hint)) from e
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:
        raise RuntimeError('the {!r} communicator needs a CUDA GPU and CuPy sees none ({}); '
                           '{}'.format(name, e, hint)) from e
    if count == 0:
        raise RuntimeError('the {!r} communicator needs a CUDA GPU and there is none; '
                           '{}'.format(name, hint))


def gpu_available():
    """True when CuPy imports and sees at least one CUDA device."""
    try:
        check_gpu('auto')
    except RuntimeError:
        return False
    return True
