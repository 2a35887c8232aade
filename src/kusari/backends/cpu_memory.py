"""Keep freed CPU memory in the process for reuse, as CuPy's memory pool does on the GPU.

A training step allocates and frees the same large temporaries (convolution buffers,
activations, gradients of a few MiB each) over and over. glibc's ``malloc`` serves such
sizes with fresh ``mmap`` pages or trims them from the heap when freed, so every step pays
a page fault per 4 KiB page touched again: on the 2-core VM of ``benchmarks/train_step.py``
that was 300 to 500 faults per convolution and about 15-30 ms of a 130 ms ResNet step.

:func:`keep_freed_memory` changes that, for the whole process and for good, so kusari
never calls it on its own: a program opts in by calling it, or by setting the environment
variable ``KUSARI_KEEP_FREED_MEMORY=1`` before importing kusari (``import kusari`` then
calls it). With glibc it raises the ``mmap`` threshold to :data:`MMAP_THRESHOLD` (blocks
below it come from the heap) and the trim threshold to :data:`TRIM_THRESHOLD` (freed heap
memory stays mapped up to that much), so a freed block is reused without faults. The
process keeps its peak heap size instead of returning memory to the system between steps.
Elsewhere (macOS, Windows, musl) it does nothing. The same settings without kusari:
``GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824``.
"""
import ctypes
import sys

#: Allocations of at least this many bytes still get their own ``mmap`` (and go back to the
#: system when freed): 32 MiB, the largest value every glibc accepts.
MMAP_THRESHOLD = 32 << 20

#: Free memory at the top of the heap beyond this many bytes is returned to the system.
TRIM_THRESHOLD = 1 << 30

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_state = {'applied': False}


def _glibc_mallopt():
    if not sys.platform.startswith('linux'):
        return None
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # glibc only: musl's mallopt does nothing
    except (OSError, AttributeError):
        return None
    return mallopt


def available():
    """Whether :func:`keep_freed_memory` can change anything here (glibc's ``malloc``);
    asking changes nothing."""
    return _glibc_mallopt() is not None


def keep_freed_memory():
    """Tune glibc's ``malloc`` to keep freed blocks of up to 32 MiB in the process.

    Returns
    -------
    bool
        True when the thresholds were set (or had been by an earlier call), False where the
        C library has no glibc ``mallopt`` (nothing is changed then).

    Notes
    -----
    The setting is process-wide and one-way: glibc cannot go back to its adaptive
    thresholds. kusari calls this only where asked to (``KUSARI_KEEP_FREED_MEMORY=1`` at
    ``import kusari``).
    """
    if _state['applied']:
        return True
    mallopt = _glibc_mallopt()
    if mallopt is None:
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # the trim threshold first: setting the mmap threshold alone would fix the trim
    # threshold at its small default and trim (and fault) on every free
    ok = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    ok = ok and mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    _state['applied'] = ok
    return ok


def _apply_from_environment():
    """``import kusari`` calls this: :func:`keep_freed_memory` if the environment asks for
    it (``KUSARI_KEEP_FREED_MEMORY=1``), else nothing."""
    from kusari.configuration import env_flag
    return env_flag('KUSARI_KEEP_FREED_MEMORY', default=False) and keep_freed_memory()
