"""Abort the whole MPI job when one rank dies of an uncaught exception.

Without it, the other ranks of a job whose rank 0 raised wait forever in their next
collective. The hook prints the traceback as usual, says which rank failed, and calls
``MPI_Abort``, which makes ``mpiexec`` stop every rank.

It is installed by :func:`add_hook`, at import when the environment variable
``CHAINERMN_FORCE_ABORT_ON_EXCEPTION`` is set to a non-empty value other than ``0`` (as in
ChainerMN), and by :func:`~kusari.chainermn.create_communicator` for a communicator of more
than one process unless that variable is ``0``, ``false``, ``no`` or ``off``.
"""
import os
import sys
import warnings

_orig_except_hook = None
_ENV = 'CHAINERMN_FORCE_ABORT_ON_EXCEPTION'
_OFF = ('0', 'false', 'no', 'off')


def _global_except_hook(exctype, value, traceback):
    """``sys.excepthook``: the usual report, then ``MPI_Abort`` of ``COMM_WORLD``."""
    try:
        (_orig_except_hook or sys.__excepthook__)(exctype, value, traceback)
    finally:
        try:
            from mpi4py import MPI
            rank = MPI.COMM_WORLD.Get_rank()
            sys.stderr.write(
                '\n*** kusari.chainermn: uncaught exception on rank {}: calling MPI_Abort() '
                'to stop every rank of the job ***\n'.format(rank))
            sys.stderr.flush()
            MPI.COMM_WORLD.Abort(1)
        except Exception as e:    # MPI itself is broken: nothing more can be done
            sys.stderr.write('kusari.chainermn: MPI_Abort() failed ({}); the other ranks '
                             'may hang\n'.format(e))
            sys.stderr.flush()


def add_hook():
    """Install the hook (``sys.excepthook``); a second call warns and does nothing."""
    global _orig_except_hook
    if is_installed():
        warnings.warn('kusari.chainermn.global_except_hook.add_hook() was called more than '
                      'once; the hook is installed already', stacklevel=2)
        return
    _orig_except_hook = sys.excepthook
    sys.excepthook = _global_except_hook


def remove_hook():
    """Restore the ``sys.excepthook`` that :func:`add_hook` replaced."""
    global _orig_except_hook
    if is_installed():
        sys.excepthook = _orig_except_hook or sys.__excepthook__
        _orig_except_hook = None


def is_installed():
    """True while the hook is ``sys.excepthook``."""
    return sys.excepthook is _global_except_hook


def _add_hook_if_enabled():
    value = os.environ.get(_ENV)
    if value and value.strip().lower() not in _OFF and not is_installed():
        add_hook()


def _add_hook_for_communicator():
    value = os.environ.get(_ENV)
    if value is not None and value.strip().lower() in _OFF:
        return
    if not is_installed():
        add_hook()
