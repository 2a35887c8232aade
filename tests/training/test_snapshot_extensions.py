import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy
import pytest

from kusari import serializers
from kusari.training import extensions as E
from kusari.training.extensions import snapshot_writers

HERE = os.path.dirname(os.path.abspath(__file__))


def test_snapshot_each_epoch_and_load(tiny, tmp_path):
    trainer, model, _ = tiny(tmp_path, stop=(2, 'epoch'), extensions=[E.snapshot()])
    trainer.run()
    assert sorted(os.listdir(tmp_path)) == ['snapshot_iter_4', 'snapshot_iter_8']
    fresh, fresh_model, _ = tiny(tmp_path / 'other', stop=(2, 'epoch'),
                                 extensions=[E.snapshot()])
    serializers.load_npz(str(tmp_path / 'snapshot_iter_8'), fresh)
    assert fresh.updater.iteration == 8
    numpy.testing.assert_array_equal(fresh_model.w.array, model.w.array)


def test_snapshot_object_n_retains_and_callable_filename(tiny, tiny_model, tmp_path):
    trainer, model, _ = tiny(tmp_path, stop=(4, 'epoch'))
    trainer.extend(E.snapshot_object(model, 'model_{.updater.epoch}.npz', n_retains=2))
    trainer.extend(E.snapshot_object(model, lambda tr: 'it{}'.format(tr.updater.iteration)),
                   trigger=(8, 'iteration'), name='by_callable')
    trainer.run()
    assert sorted(os.listdir(tmp_path)) == ['it16', 'it8', 'model_3.npz', 'model_4.npz']
    m = tiny_model()
    serializers.load_npz(str(tmp_path / 'model_4.npz'), m)
    numpy.testing.assert_array_equal(m.w.array, model.w.array)


def test_snapshot_argument_errors():
    with pytest.raises(TypeError, match='cannot be specified together'):
        E.snapshot(savefun=serializers.save_npz, writer=snapshot_writers.SimpleWriter())
    with pytest.raises(TypeError, match='unexpected keyword arguments'):
        E.snapshot(foo=1)


def test_snapshot_condition_and_on_error(tiny, tmp_path):
    trainer, _, _ = tiny(tmp_path, stop=(3, 'iteration'))
    trainer.extend(E.snapshot(condition=lambda: False))
    trainer.extend(E.snapshot(filename='err_{.updater.iteration}', snapshot_on_error=True),
                   trigger=(100, 'iteration'))

    def boom(tr):
        if tr.updater.iteration == 2:
            raise RuntimeError('stop')

    trainer.extend(boom)
    with pytest.raises(RuntimeError, match='stop'):
        trainer.run(show_loop_exception_msg=False)
    assert os.listdir(tmp_path) == ['err_2']


def test_thread_writer(tiny, tmp_path):
    writer = snapshot_writers.ThreadWriter()
    trainer, _, _ = tiny(tmp_path, stop=(2, 'epoch'), extensions=[E.snapshot(writer=writer)])
    trainer.run()
    assert sorted(os.listdir(tmp_path)) == ['snapshot_iter_4', 'snapshot_iter_8']


def _run(tiny, out, epochs, snapshot_kwargs=None, resume=None):
    log = E.LogReport()
    trainer, model, opt = tiny(out, stop=(epochs, 'epoch'), n=20, batch=3, lr=0.02)
    trainer.extend(log)
    trainer.extend(E.snapshot(**(snapshot_kwargs or {})))
    trainer.extend(E.ExponentialShift('lr', 0.7), trigger=(1, 'epoch'))
    if resume:
        serializers.load_npz(resume, trainer)
    trainer.run()
    return trainer, model, opt, log


def _strip_time(log):
    return [{k: v for k, v in e.items() if k != 'elapsed_time'} for e in log]


def test_resume_matches_uninterrupted_run(tiny, tmp_path):
    # batch 3 on 20 examples: epochs end mid-batch, shuffled orders, momentum and lr decay
    _, model_a, opt_a, log_a = _run(tiny, tmp_path / 'a', 4)
    _, _, _, log_b = _run(tiny, tmp_path / 'b', 2)
    snaps = sorted(os.listdir(tmp_path / 'b'))
    assert 'snapshot_iter_14' in snaps  # after the second epoch (ceil(40 / 3) iterations)
    _, model_c, opt_c, log_c = _run(tiny, tmp_path / 'b', 4,
                                    resume=str(tmp_path / 'b' / 'snapshot_iter_14'))
    numpy.testing.assert_array_equal(model_c.w.array, model_a.w.array)
    assert opt_c.lr == opt_a.lr and opt_c.t == opt_a.t
    assert _strip_time(log_c.log) == _strip_time(log_a.log)
    assert len(log_c.log) == 4
    assert log_c.log[-1]['elapsed_time'] >= log_b.log[-1]['elapsed_time']


def test_autoload_resumes_from_latest(tiny, tmp_path):
    _, model_a, _, log_a = _run(tiny, tmp_path / 'a', 3)
    _run(tiny, tmp_path / 'b', 2, snapshot_kwargs={'autoload': True})
    _, model_c, _, log_c = _run(tiny, tmp_path / 'b', 3, snapshot_kwargs={'autoload': True})
    numpy.testing.assert_array_equal(model_c.w.array, model_a.w.array)
    assert _strip_time(log_c.log) == _strip_time(log_a.log)


def test_killed_while_writing_leaves_previous_snapshot_loadable(tiny, tmp_path):
    """A process killed in the middle of writing its second snapshot."""
    ready = tmp_path / 'writing'
    script = textwrap.dedent('''
        import importlib.util, time
        spec = importlib.util.spec_from_file_location('tiny_setup', {conftest!r})
        setup = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(setup)
        make_trainer = setup.make_trainer
        from kusari import serializers
        from kusari.training import extensions as E

        calls = []

        def slow_save(path, target):
            calls.append(path)
            if len(calls) == 1:
                return serializers.save_npz(path, target)
            with open(path, 'wb') as f:  # half a file, then hang until killed
                f.write(b'PK\\x03\\x04 partial')
                f.flush()
            open({ready!r}, 'w').close()
            time.sleep(60)

        trainer, model, opt = make_trainer({out!r}, stop=(3, 'epoch'))
        trainer.extend(E.snapshot(savefun=slow_save))
        trainer.run()
    ''').format(conftest=os.path.join(HERE, 'conftest.py'), ready=str(ready),
               out=str(tmp_path / 'out'))
    proc = subprocess.Popen([sys.executable, '-c', script])
    try:
        deadline = time.time() + 60
        while not ready.exists():
            assert proc.poll() is None, 'the writer process ended early'
            assert time.time() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    names = os.listdir(tmp_path / 'out')
    assert 'snapshot_iter_4' in names and 'snapshot_iter_8' not in names
    trainer, _, _ = tiny(tmp_path / 'check')
    serializers.load_npz(str(tmp_path / 'out' / 'snapshot_iter_4'), trainer)
    assert trainer.updater.iteration == 4
    # autoload ignores the leftover temporary file and picks the complete snapshot
    assert E._snapshot._find_latest_snapshot('snapshot_iter_{.updater.iteration}',
                                             str(tmp_path / 'out')) == 'snapshot_iter_4'


# --- the writer classes (Chainer 7.8.1's hierarchy) ---------------------------------------

def _save_text(path, target, suffix=''):
    with open(path, 'w') as f:
        f.write(str(target['value']) + suffix)


def _read(path):
    with open(path) as f:
        return f.read()


def test_standard_writer_is_abstract(tmp_path):
    writer = snapshot_writers.StandardWriter(savefun=_save_text)
    with pytest.raises(NotImplementedError):
        writer('f', str(tmp_path), {'value': 1})
    writer.finalize()


@pytest.mark.parametrize('cls', [snapshot_writers.ThreadWriter, snapshot_writers.ProcessWriter])
def test_standard_writers_one_worker_per_snapshot(cls, tmp_path):
    import multiprocessing
    import threading
    writer = cls(savefun=_save_text, suffix='!')
    worker = writer.create_worker('w', str(tmp_path), {'value': 0})
    kind = threading.Thread if cls is snapshot_writers.ThreadWriter else multiprocessing.Process
    assert isinstance(worker, kind) and not worker.is_alive()
    for i in range(3):
        writer('snap_{}'.format(i), str(tmp_path), {'value': i})
    writer.finalize()
    writer.finalize()  # a second finalize does nothing
    assert sorted(os.listdir(tmp_path)) == ['snap_0', 'snap_1', 'snap_2']
    assert _read(tmp_path / 'snap_2') == '2!'  # the keyword arguments reach savefun
    writer('again', str(tmp_path), {'value': 7})  # usable after finalize
    writer.finalize()
    assert _read(tmp_path / 'again') == '7!'


@pytest.mark.parametrize('cls', [snapshot_writers.ThreadQueueWriter,
                                 snapshot_writers.ProcessQueueWriter])
def test_queue_writers_write_in_order_and_finalize(cls, tmp_path):
    writer = cls(savefun=_save_text)
    for i in range(4):
        writer('q_{}'.format(i), str(tmp_path), {'value': i})
    writer.finalize()
    assert not writer._consumer.is_alive()
    assert [_read(tmp_path / 'q_{}'.format(i)) for i in range(4)] == ['0', '1', '2', '3']
    assert not [n for n in os.listdir(tmp_path) if n.startswith('.tmp')]


def test_queue_writer_custom_task(tmp_path):
    calls = []
    writer = snapshot_writers.ThreadQueueWriter(task=lambda *a: calls.append(a))
    writer('x', 'out', {'value': 1})
    writer.finalize()
    assert calls == [('x', 'out', {'value': 1})]


@pytest.mark.parametrize('make_writer', [
    snapshot_writers.SimpleWriter, snapshot_writers.ThreadWriter,
    snapshot_writers.ProcessWriter, snapshot_writers.ThreadQueueWriter,
    snapshot_writers.ProcessQueueWriter])
def test_n_retains_with_every_writer(make_writer, tiny, tmp_path):
    # Chainer's queue writers never ran the clean-up hook; here they do (in the consumer)
    snap = E.snapshot(writer=make_writer(), n_retains=2)
    trainer, _, _ = tiny(tmp_path, stop=(4, 'epoch'))
    trainer.extend(snap, trigger=(1, 'epoch'))

    def spread_mtimes(tr):  # distinct mtimes even on a coarse-grained file system
        if isinstance(snap.writer, snapshot_writers.QueueWriter):
            snap.writer._queue.join()  # wait for the consumer (finalize would stop it)
        else:
            snap.writer.finalize()
        for k, name in enumerate(sorted(os.listdir(tmp_path), key=lambda n: int(n[14:]))):
            os.utime(tmp_path / name, (1000 + k, 1000 + k))
    trainer.extend(spread_mtimes, trigger=(1, 'epoch'), priority=-200)
    trainer.run()
    assert sorted(os.listdir(tmp_path)) == ['snapshot_iter_12', 'snapshot_iter_16']


def test_process_writer_with_forkserver(monkeypatch, tmp_path):
    # With the 'forkserver' / 'spawn' start methods (Python 3.14's default on Linux) the
    # writer is pickled into the new process: the clean-up hook and savefun travel with it.
    import multiprocessing
    ctx = multiprocessing.get_context('forkserver')
    monkeypatch.setattr(snapshot_writers.multiprocessing, 'Process', ctx.Process)
    writer = snapshot_writers.ProcessWriter(savefun=_save_text)
    writer._add_cleanup_hook(E._snapshot._RemoveStaleSnapshots('s_{}', str(tmp_path), 1))
    for i in range(3):
        writer('s_{}'.format(i), str(tmp_path), {'value': i})
        writer.finalize()
        os.utime(tmp_path / 's_{}'.format(i), (1000 + i, 1000 + i))
    assert os.listdir(tmp_path) == ['s_2']


def test_num_retain_is_deprecated(tmp_path):
    with pytest.warns(DeprecationWarning, match='n_retains'):
        snap = E.snapshot(num_retain=3)
    assert snap.n_retains == 3
    with pytest.warns(DeprecationWarning, match='n_retains'):
        assert E.snapshot_object(object(), 'f', num_retain=2).n_retains == 2
    for i in range(4):
        (tmp_path / 'snap_{}'.format(i)).write_text('')
        os.utime(tmp_path / 'snap_{}'.format(i), (1000 + i, 1000 + i))
    with pytest.warns(DeprecationWarning):
        stale = list(E._snapshot._find_stale_snapshots('snap_{}', str(tmp_path), 0,
                                                       num_retain=1))
    assert stale == ['snap_0', 'snap_1', 'snap_2']


def test_find_snapshot_files_skips_temporaries(tmp_path):
    for name in ['it_1', 'it_2', '.tmp1234.it_3', 'other']:
        (tmp_path / name).write_text('')
    os.mkdir(tmp_path / 'it_dir')
    names = [n for _, n in E._snapshot._find_snapshot_files('{}', str(tmp_path))]
    assert sorted(names) == ['it_1', 'it_2', 'other']
    assert E._snapshot._find_snapshot_files('it_{}', str(tmp_path / 'missing')) == []


def test_autoload_debug_messages(tiny, tmp_path, capsys):
    import kusari
    trainer, _, _ = tiny(tmp_path, stop=(1, 'epoch'))
    snap = E.snapshot(autoload=True)
    with kusari.using_config('debug', True):
        snap.initialize(trainer)
    assert 'No snapshot file that matches' in capsys.readouterr().out
