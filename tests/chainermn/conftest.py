"""Multi-process tests: each test file names a file of ``case_*`` functions (``MPI_CASES``)
that runs under ``mpiexec -n 2`` once (with a time limit), and each case becomes a test.

They are skipped, with the reason, when mpi4py or ``mpiexec`` is missing (the ``test`` extra
installs mpi4py and the MPICH wheel, which brings ``mpiexec``).
"""
import ast
import importlib.util
import json
import os
import shutil
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('kusari_tests_mpirun',
                                               os.path.join(HERE, 'mpirun.py'))
mpirun_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mpirun_module)
NPROCS = mpirun_module.NPROCS
TIMEOUT = mpirun_module.TIMEOUT
run_mpi = mpirun_module.run_mpi
skip_reason = mpirun_module.skip_reason


def _case_names(path):
    tree = ast.parse(open(path).read())
    return [node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith('case_')]


def pytest_generate_tests(metafunc):
    if 'mpi_case' in metafunc.fixturenames:
        path = os.path.join(HERE, metafunc.module.MPI_CASES)
        names = _case_names(path)
        metafunc.parametrize('mpi_case', [(path, n) for n in names], ids=names)


class _Launches:
    """One ``mpiexec`` per cases file, run when its first case is asked for."""

    def __init__(self):
        self.results = {}

    def get(self, path):
        if path not in self.results:
            outdir = tempfile.mkdtemp(prefix='kusari-mpi-')
            try:
                rc, out = run_mpi([os.path.join(HERE, 'mpi_worker.py'), path, outdir])
                ranks = []
                for r in range(NPROCS):
                    f = os.path.join(outdir, 'rank{}.json'.format(r))
                    ranks.append(json.load(open(f)) if os.path.exists(f) else {})
            finally:
                shutil.rmtree(outdir, ignore_errors=True)
            self.results[path] = (rc, out, ranks)
        return self.results[path]


@pytest.fixture(scope='session')
def _mpi_launches():
    return _Launches()


@pytest.fixture
def mpi_results(_mpi_launches):
    reason = skip_reason()
    if reason:
        pytest.skip(reason)

    def check(path, name):
        rc, out, ranks = _mpi_launches.get(path)
        outcomes = [r.get(name) for r in ranks]
        errors = [o['error'] for o in outcomes if o and 'error' in o]
        if errors:
            pytest.fail('\n'.join(errors), pytrace=False)
        if all(o and 'ok' in o for o in outcomes):
            return
        skips = [o['skip'] for o in outcomes if o and 'skip' in o]
        if skips and len(skips) + sum(1 for o in outcomes if o and 'ok' in o) == NPROCS:
            pytest.skip(skips[0])
        status = 'timed out after {} s'.format(TIMEOUT) if rc is None else 'rc={}'.format(rc)
        pytest.fail('case {} was not run on every rank (mpiexec {}; an earlier case may '
                    'have failed); output tail:\n{}'.format(name, status, out[-3000:]),
                    pytrace=False)
    return check


@pytest.fixture
def mpirun():
    """``run_mpi(args, n=2, timeout=..., env=None) -> (returncode or None, output)``."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    return run_mpi
