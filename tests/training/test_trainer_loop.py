import numpy
import pytest

import kusari
from kusari import training
from kusari.serializers import DictionarySerializer, NpzDeserializer
from kusari.training import extension


def test_run_trains_and_reports(tiny, tmp_path):
    observed = []
    trainer, model, opt = tiny(tmp_path / 'out', stop=(2, 'epoch'), n=20, batch=5)
    trainer.extend(lambda tr: observed.append(dict(tr.observation)), name='spy')
    w0 = model.w.array.copy()
    trainer.run()
    assert (tmp_path / 'out').is_dir()
    assert trainer.updater.iteration == 8 and trainer.updater.epoch == 2
    assert len(observed) == 8
    assert set(observed[0]) == {'main/loss', 'main/n'}
    assert not numpy.allclose(model.w.array, w0)
    assert trainer.elapsed_time > 0
    with pytest.raises(RuntimeError, match='cannot run training loop multiple times'):
        trainer.run()


def test_elapsed_time_before_run(tiny, tmp_path):
    trainer, _, _ = tiny(tmp_path)
    with pytest.raises(RuntimeError, match='training has not been started yet'):
        trainer.elapsed_time


def test_extend_names_priorities_and_order(tiny, tmp_path):
    trainer, _, _ = tiny(tmp_path, stop=(1, 'iteration'))
    calls = []

    class Ext(training.Extension):
        def __init__(self, tag):
            self.tag = tag

        def __call__(self, tr):
            calls.append(self.tag)

    def func_ext(tr):
        calls.append('func')

    trainer.extend(Ext('reader'))
    trainer.extend(Ext('writer'), priority=training.PRIORITY_WRITER)
    trainer.extend(Ext('reader2'))
    trainer.extend(func_ext, priority=training.PRIORITY_EDITOR)
    assert list(trainer._extensions) == ['Ext', 'Ext_1', 'Ext_2', 'func_ext']
    assert trainer.get_extension('Ext_1').tag == 'writer'
    trainer.run()
    assert calls == ['writer', 'func', 'reader', 'reader2']


def test_extend_errors(tiny, tmp_path):
    trainer, _, _ = tiny(tmp_path)

    class NoName:
        def __call__(self, tr):
            pass

    with pytest.raises(TypeError, match='name is not given for the extension'):
        trainer.extend(NoName())
    with pytest.raises(ValueError, match='"training" is prohibited'):
        trainer.extend(lambda tr: None, name='training')
    with pytest.raises(ValueError, match='extension nope not found'):
        trainer.get_extension('nope')
    with pytest.raises(ValueError, match='invoke_before_training has been removed'):
        trainer.extend(lambda tr: None, name='x', invoke_before_training=True)


def test_triggers_initialize_finalize_call_before_training(tiny, tmp_path):
    events = []

    @training.make_extension(trigger=(2, 'iteration'), priority=5,
                             initializer=lambda tr: events.append('init'),
                             finalizer=lambda: events.append('fin'))
    def ext(tr):
        events.append(('call', tr.updater.iteration))

    assert ext.default_name == 'ext' and ext.priority == 5 and ext.trigger == (2, 'iteration')
    trainer, _, _ = tiny(tmp_path, stop=(5, 'iteration'))
    trainer.extend(ext, call_before_training=True)
    trainer.run()
    assert events == ['init', ('call', 0), ('call', 2), ('call', 4), 'fin']


def test_make_extension_errors():
    with pytest.raises(ValueError, match='invoke_before_training has been removed'):
        training.make_extension(invoke_before_training=True)
    with pytest.raises(TypeError, match='unexpected keyword arguments'):
        training.make_extension(foo=1)


def test_extension_base_defaults():
    e = extension.Extension()
    assert e.default_name == 'Extension'
    assert e.trigger == (1, 'iteration') and e.priority == training.PRIORITY_READER
    with pytest.raises(NotImplementedError):
        e(None)


def test_finished_trigger_skips_initialize(tiny, tmp_path):
    events = []

    class Ext(training.Extension):
        def initialize(self, tr):
            events.append('init')

        def __call__(self, tr):
            events.append('call')

    trig = training.triggers.OnceTrigger()
    trig(None)  # already fired: finished
    trainer, _, _ = tiny(tmp_path, stop=(2, 'iteration'))
    trainer.extend(Ext(), trigger=trig)
    trainer.run()
    assert events == []


def test_error_calls_on_error_then_finalize(tiny, tmp_path, capsys):
    events = []

    class Boom(training.Extension):
        def __call__(self, tr):
            if tr.updater.iteration == 2:
                raise ZeroDivisionError('boom')

        def on_error(self, tr, exc, tb):
            events.append(('on_error', type(exc).__name__, tb is not None))

        def finalize(self):
            events.append('finalize')

    trainer, _, _ = tiny(tmp_path, stop=(5, 'iteration'))
    trainer.extend(Boom())
    with pytest.raises(ZeroDivisionError, match='boom'):
        trainer.run()
    assert events == [('on_error', 'ZeroDivisionError', True), 'finalize']
    assert 'Exception in main training loop: boom' in capsys.readouterr().err


def test_reporter_observers_include_child_links(tmp_path):
    class Child(kusari.Link):
        def forward(self):
            kusari.report({'v': 1.0}, self)

    class Parent(kusari.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.c = Child()

    model = Parent()

    class Up(training.Updater):
        iteration = 0

        def get_all_optimizers(self):
            class Opt:
                target = model
            return {'main': Opt()}

        def update(self):
            model.c()
            self.iteration += 1

        def finalize(self):
            pass

    trainer = training.Trainer(Up(), (1, 'iteration'), out=str(tmp_path))
    seen = []
    trainer.extend(lambda tr: seen.append(dict(tr.observation)), name='spy')
    trainer.run()
    assert seen == [{'main/c/v': 1.0}]


def test_trainer_serialize_roundtrip(tiny, tmp_path):
    a, model_a, opt_a = tiny(tmp_path / 'a', stop=(2, 'epoch'))
    a.run()
    s = DictionarySerializer()
    a.serialize(s)
    assert 'updater/iteration' in s.target and '_snapshot_elapsed_time' in s.target
    assert 'updater/model:main/w' in s.target
    assert 'stop_trigger/previous_iteration' in s.target
    b, model_b, opt_b = tiny(tmp_path / 'b', stop=(2, 'epoch'))
    b.serialize(NpzDeserializer(dict(s.target)))
    assert b.updater.iteration == 8 and b.updater.epoch == 2
    numpy.testing.assert_array_equal(model_b.w.array, model_a.w.array)
    assert b._snapshot_elapsed_time == pytest.approx(a.elapsed_time)
    assert opt_b.t == opt_a.t
