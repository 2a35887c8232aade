"""Runs the ``case_*`` functions of one file on every rank of an ``mpiexec`` job.

Usage: ``mpiexec -n N python mpi_worker.py CASES.py OUTDIR [CASE ...]``. Each rank writes
``OUTDIR/rank<R>.json`` after every case: ``{case: {"ok": true} | {"skip": reason} |
{"error": traceback}}``. A failing case aborts the job (``MPI_Abort``), since the other
ranks may be waiting in a collective of it; the cases after it are then not run. A case that
runs longer than ``KUSARI_MPI_CASE_TIMEOUT`` seconds (180) dumps every thread's stack and
ends its rank (``faulthandler``), which makes ``mpiexec`` end the others: a hang is reported
with the place where it waits.
"""
import faulthandler
import importlib.util
import json
import os
import sys
import time
import traceback
import unittest


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    wanted = sys.argv[3:]
    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    sync = comm.Dup()       # the barrier between cases never matches a case's collective
    spec = importlib.util.spec_from_file_location('mpi_cases', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = [n for n, f in vars(module).items() if n.startswith('case_') and callable(f)]
    if wanted:
        names = [n for n in names if n in wanted]
    out = os.path.join(outdir, 'rank{}.json'.format(comm.rank))
    results = {}

    def write():
        tmp = out + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(results, f)
        os.replace(tmp, out)

    limit = float(os.environ.get('KUSARI_MPI_CASE_TIMEOUT', 180))
    for name in names:
        start = time.perf_counter()
        sys.stderr.write('rank {}: {}\n'.format(comm.rank, name))
        faulthandler.dump_traceback_later(limit, exit=True)
        try:
            getattr(module, name)()
            results[name] = {'ok': True}
        except unittest.SkipTest as e:
            results[name] = {'skip': str(e)}
        except BaseException:
            results[name] = {'error': 'rank {}: {}'.format(comm.rank, traceback.format_exc())}
            write()
            sys.stderr.write(results[name]['error'])
            sys.stderr.flush()
            comm.Abort(3)
        results[name]['seconds'] = time.perf_counter() - start
        write()
        sync.Barrier()
        faulthandler.cancel_dump_traceback_later()


if __name__ == '__main__':
    main()
