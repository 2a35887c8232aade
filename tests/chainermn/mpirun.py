"""Launching ``mpiexec`` from the tests (shared by tests/chainermn and tests/examples; loaded
by file path, since the tests are imported with ``--import-mode=importlib``)."""
import importlib.util
import os
import shutil
import signal
import subprocess
import sys

NPROCS = 2
TIMEOUT = float(os.environ.get('KUSARI_MPI_TEST_TIMEOUT', 420))   # per mpiexec launch


def mpiexec_path():
    """``mpiexec`` next to this Python (a venv with the MPICH wheel), else on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), 'mpiexec')
    if os.path.exists(local):
        return local
    return shutil.which('mpiexec')


def skip_reason():
    """Why the MPI tests cannot run here, or None."""
    if importlib.util.find_spec('mpi4py') is None:
        return ('mpi4py is not installed: pip install \'kusari[mpi]\' (the test extra '
                'installs it)')
    if mpiexec_path() is None:
        return ('no mpiexec next to {} or on PATH: pip install mpich (in kusari\'s mpi and '
                'test extras)'.format(sys.executable))
    return None


def run_mpi(args, n=NPROCS, timeout=TIMEOUT, env=None):
    """Run ``python ARGS`` on ``n`` ranks; returns (returncode or None on timeout, output).
    """
    cmd = [mpiexec_path(), '-n', str(n), sys.executable] + list(args)
    full_env = dict(os.environ)
    full_env.update({'OMP_NUM_THREADS': '1', 'OPENBLAS_NUM_THREADS': '1',
                     'MKL_NUM_THREADS': '1', 'PYTHONDONTWRITEBYTECODE': '1'})
    full_env.update(env or {})
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=full_env, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out.decode(errors='replace')
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return None, out.decode(errors='replace')
