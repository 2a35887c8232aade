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
