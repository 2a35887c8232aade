"""Keep freed CPU memory in the process for reuse, as CuPy's memory pool does on the GPU.

A training step allocates and frees the same large temporaries (convolution buffers,
activations, gradients of a few MiB each) over and over. glibc's ``malloc`` serves such
sizes with fresh ``mmap`` pages or trims them from the heap when freed, so every step pays
a page fault per 4 KiB page touched again: on the 2-core VM of ``benchmarks/train_step.py``
that was 300 to 500 faults per convolution and about 15-30 ms of a 130 ms ResNet step.

``import kusari`` therefore calls :func:`keep_freed_memory` once: with glibc it raises the
``mmap`` threshold to :data:`MMAP_THRESHOLD` (blocks below it come from the heap) and the
trim threshold to :data:`TRIM_THRESHOLD` (freed heap memory stays mapped up to that much),
so a freed block is reused without faults. The process keeps its peak heap size instead of
returning memory to the system between steps. Set the environment variable
``KUSARI_KEEP_FREED_MEMORY=0`` before importing kusari to leave ``malloc`` alone. Elsewhere
(macOS, Windows, musl) it does nothing.
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
    thresholds. ``import kusari`` calls this unless ``KUSARI_KEEP_FREED_MEMORY=0``.
    """
    if _state['applied']:
        return True
    if not sys.platform.startswith('linux'):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # glibc only: musl's mallopt does nothing
    except (OSError, AttributeError):
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
    from kusari.configuration import env_flag
    return env_flag('KUSARI_KEEP_FREED_MEMORY') and keep_freed_memory()
