import numpy
import pytest

from kusari.serializers import DictionarySerializer, NpzDeserializer
from kusari.training import get_trigger, triggers


def fires(trigger, trainer, n, observe=None):
    out = []
    for i in range(n):
        trainer.updater.step()
        if observe is not None:
            trainer.observation = observe(i)
        out.append(bool(trigger(trainer)))
    return out


def roundtrip(src, dst):
    s = DictionarySerializer()
    src.serialize(s)
    dst.serialize(NpzDeserializer(dict(s.target)))


def test_interval_iteration(fake_trainer):
    t = triggers.IntervalTrigger(3, 'iteration')
    assert fires(t, fake_trainer(), 7) == [False, False, True, False, False, True, False]
    assert t.get_training_length() == (3, 'iteration')
    assert str(t) == "IntervalTrigger(3, 'iteration')"


def test_interval_epoch_and_fractional(fake_trainer):
    t = triggers.IntervalTrigger(1, 'epoch')
    assert fires(t, fake_trainer(4), 8) == [False] * 3 + [True] + [False] * 3 + [True]
    t = triggers.IntervalTrigger(0.5, 'epoch')
    assert fires(t, fake_trainer(4), 4) == [False, True, False, True]


def test_interval_epoch_skipping_calls(fake_trainer):
    # a trigger that is not called every iteration still fires when a boundary was crossed
    tr = fake_trainer(4)
    t = triggers.IntervalTrigger(1, 'epoch')
    for _ in range(3):
        tr.updater.step()
    assert not t(tr)
    tr.updater.step()
    tr.updater.step()
    assert t(tr)


def test_interval_bad_unit():
    with pytest.raises(ValueError, match="either 'epoch' or 'iteration'"):
        triggers.IntervalTrigger(1, 'second')


def test_interval_serialize_and_missing_keys(fake_trainer):
    tr = fake_trainer(4)
    a = triggers.IntervalTrigger(2, 'iteration')
    fires(a, tr, 3)
    b = triggers.IntervalTrigger(2, 'iteration')
    roundtrip(a, b)
    assert fires(b, tr, 1) == [True]
    c = triggers.IntervalTrigger(2, 'iteration')
    with pytest.warns(UserWarning, match='not saved'):
        c.serialize(NpzDeserializer({}))
    assert fires(c, tr, 2) == [False, True]


def test_get_trigger():
    t = get_trigger((2, 'epoch'))
    assert isinstance(t, triggers.IntervalTrigger) and t.period == 2
    f = lambda trainer: True  # noqa: E731
    assert get_trigger(f) is f
    assert get_trigger(None)(None) is False


def test_manual_schedule(fake_trainer):
    t = triggers.ManualScheduleTrigger([2, 5], 'iteration')
    assert fires(t, fake_trainer(), 6) == [False, True, False, False, True, False]
    assert t.finished
    t = triggers.ManualScheduleTrigger(1.5, 'epoch')
    assert fires(t, fake_trainer(2), 4) == [False, False, True, False]
    assert t.get_training_length() == (1.5, 'epoch')
    with pytest.raises(ValueError, match="either 'epoch' or 'iteration'"):
        triggers.ManualScheduleTrigger(1, 'x')


def test_manual_schedule_serialize(fake_trainer):
    tr = fake_trainer()
    a = triggers.ManualScheduleTrigger([2, 4], 'iteration')
    fires(a, tr, 3)
    b = triggers.ManualScheduleTrigger([2, 4], 'iteration')
    roundtrip(a, b)
    assert not b.finished
    assert fires(b, tr, 1) == [True] and b.finished


@pytest.mark.parametrize('cls, values, expected', [
    (triggers.MaxValueTrigger, [1, 3, 2, 5], [True, True, False, True]),
    (triggers.MinValueTrigger, [3, 1, 2, 0], [True, True, False, True]),
])
def test_best_value_triggers(fake_trainer, cls, values, expected):
    t = cls('acc', trigger=(1, 'iteration'))
    got = fires(t, fake_trainer(), len(values), observe=lambda i: {'acc': float(values[i])})
    assert got == expected


def test_best_value_trigger_averages_over_interval(fake_trainer):
    t = triggers.MaxValueTrigger('v', trigger=(2, 'iteration'))
    vals = [1.0, 5.0, 2.0, 2.0, 4.0, 3.0]  # means: 3, 2, 3.5
    got = fires(t, fake_trainer(), 6, observe=lambda i: {'v': vals[i]})
    assert got == [False, True, False, False, False, True]


def test_best_value_trigger_serialize(fake_trainer):
    tr = fake_trainer()
    a = triggers.MinValueTrigger('v', trigger=(1, 'iteration'))
    fires(a, tr, 1, observe=lambda i: {'v': 2.0})
    b = triggers.MinValueTrigger('v', trigger=(1, 'iteration'))
    roundtrip(a, b)
    assert fires(b, tr, 2, observe=lambda i: {'v': [3.0, 1.0][i]}) == [False, True]


def test_early_stopping(fake_trainer):
    t = triggers.EarlyStoppingTrigger(check_trigger=(1, 'iteration'), monitor='main/loss',
                                      patience=2, max_trigger=(100, 'iteration'))
    losses = [5.0, 4.0, 4.5, 4.2, 4.1]
    assert fires(t, fake_trainer(), 4, observe=lambda i: {'main/loss': losses[i]}) == \
        [False, False, False, True]
    assert t.best == 4.0
    assert t.get_training_length() == (100, 'iteration')


def test_early_stopping_accuracy_mode_max_trigger_and_errors(fake_trainer):
    t = triggers.EarlyStoppingTrigger(check_trigger=(1, 'iteration'),
                                      monitor='validation/main/accuracy', patients=1,
                                      max_trigger=(3, 'iteration'))
    accs = [0.5, 0.6, 0.7]  # always improving: only max_trigger stops it
    assert fires(t, fake_trainer(), 3, observe=lambda i: {'validation/main/accuracy': accs[i]})\
        == [False, False, True]
    with pytest.raises(TypeError, match="Both 'patience' and 'patients'"):
        triggers.EarlyStoppingTrigger(patience=1, patients=1)
    with pytest.raises(ValueError, match="mode must be 'auto', 'min' or 'max'"):
        triggers.EarlyStoppingTrigger(mode='best')
    t = triggers.EarlyStoppingTrigger(check_trigger=(1, 'iteration'), monitor='missing')
    with pytest.warns(UserWarning, match='missing is not in observation'):
        assert fires(t, fake_trainer(), 1) == [False]


def test_early_stopping_serialize(fake_trainer):
    tr = fake_trainer()
    a = triggers.EarlyStoppingTrigger(check_trigger=(1, 'iteration'), patience=2)
    fires(a, tr, 2, observe=lambda i: {'main/loss': [1.0, 2.0][i]})
    b = triggers.EarlyStoppingTrigger(check_trigger=(1, 'iteration'), patience=2)
    roundtrip(a, b)
    assert b.best == 1.0 and b.count == 1
    assert fires(b, tr, 1, observe=lambda i: {'main/loss': 3.0}) == [True]


def test_time_trigger(fake_trainer):
    tr = fake_trainer()
    t = triggers.TimeTrigger(1.0)
    got = []
    for now in [0.5, 1.2, 1.5, 2.1, 5.0, 5.1]:
        tr.elapsed_time = now
        got.append(t(tr))
    assert got == [False, True, False, True, True, True]  # 5.0 passes 3.0 and then 4.0
    b = triggers.TimeTrigger(1.0)
    roundtrip(t, b)
    tr.elapsed_time = 5.5
    assert b(tr) is True and b(tr) is False


def test_once_trigger(fake_trainer):
    t = triggers.OnceTrigger()
    assert not t.finished
    assert fires(t, fake_trainer(), 3) == [True, False, False]
    assert t.finished
    r = triggers.OnceTrigger(call_on_resume=True)
    roundtrip(t, r)
    assert not r.finished and fires(r, fake_trainer(), 2) == [True, False]
    s = triggers.OnceTrigger()
    roundtrip(t, s)
    assert s.finished
    u = triggers.OnceTrigger()
    with pytest.warns(UserWarning, match='not saved'):
        u.serialize(NpzDeserializer({}))
    assert u.finished


def test_trigger_numpy_free_values():
    # epoch-based triggers work with numpy scalar epoch details too
    class U:
        iteration = 3
        epoch_detail = numpy.float64(1.0)
        previous_epoch_detail = numpy.float64(0.75)

    class T:
        updater = U()

    assert triggers.IntervalTrigger(1, 'epoch')(T())
