"""One rank's uncaught exception must end the whole job, not leave the others waiting."""
import sys
import textwrap
import warnings

from kusari.chainermn import global_except_hook as hook

SCRIPT = textwrap.dedent('''
    from kusari import chainermn
    comm = chainermn.create_communicator('packed')
    if comm.rank == 1:
        raise RuntimeError('boom on purpose')
    comm.mpi_comm.Barrier()      # rank 0 would wait here forever without the hook
''')


def test_uncaught_exception_aborts_every_rank(mpirun, tmp_path):
    script = tmp_path / 'fail.py'
    script.write_text(SCRIPT)
    rc, out = mpirun([str(script)], timeout=120)
    assert rc is not None, 'the job hung:\n' + out
    assert rc != 0
    assert 'boom on purpose' in out
    assert 'uncaught exception on rank 1' in out


def test_add_and_remove(monkeypatch):
    monkeypatch.setattr(sys, 'excepthook', sys.__excepthook__)
    assert not hook.is_installed()
    hook.add_hook()
    try:
        assert hook.is_installed()
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            hook.add_hook()
        assert 'more than once' in str(w[0].message)
    finally:
        hook.remove_hook()
    assert sys.excepthook is sys.__excepthook__


def test_environment_switch(monkeypatch):
    monkeypatch.setattr(sys, 'excepthook', sys.__excepthook__)
    for value, on_import, with_comm in (('', False, True), ('1', True, True),
                                        ('0', False, False), ('off', False, False)):
        monkeypatch.setenv('CHAINERMN_FORCE_ABORT_ON_EXCEPTION', value)
        hook._add_hook_if_enabled()
        assert hook.is_installed() == on_import, value
        hook._add_hook_for_communicator()
        assert hook.is_installed() == with_comm, value
        hook.remove_hook()
    monkeypatch.delenv('CHAINERMN_FORCE_ABORT_ON_EXCEPTION')
    hook._add_hook_if_enabled()
    assert not hook.is_installed()
