import math

import pytest

from kusari.serializers import DictionarySerializer, NpzDeserializer
from kusari.training import extensions as E


class Opt:
    def __init__(self, lr=1.0):
        self.lr = lr


class T:
    def __init__(self, opt):
        class U:
            def get_optimizer(self, name):
                assert name == 'main'
                return opt
        self.updater = U()


def run(ext, opt, n, init=True):
    trainer = T(opt)
    if init:
        ext.initialize(trainer)
    values = [opt.lr]
    for _ in range(n):
        ext(trainer)
        values.append(opt.lr)
    return values


def roundtrip(src, dst):
    s = DictionarySerializer()
    src.serialize(s)
    dst.serialize(NpzDeserializer(dict(s.target)))


def test_exponential_shift():
    assert run(E.ExponentialShift('lr', 0.5), Opt(1.0), 3) == [1.0, 0.5, 0.25, 0.125]
    assert run(E.ExponentialShift('lr', 0.5, init=2.0, target=0.6), Opt(9.0), 3) == \
        [2.0, 1.0, 0.6, 0.6]
    assert run(E.ExponentialShift('lr', 2.0, target=3.0), Opt(1.0), 3) == [1, 2, 3, 3]
    with pytest.raises(ValueError, match='negative rate'):
        E.ExponentialShift('lr', -1)


def test_exponential_shift_with_explicit_optimizer_and_resume():
    opt = Opt(1.0)
    a = E.ExponentialShift('lr', 0.5, optimizer=opt)
    run(a, opt, 2)
    b = E.ExponentialShift('lr', 0.5, optimizer=opt)
    roundtrip(a, b)
    fresh = Opt(1.0)
    b._optimizer = fresh
    b.initialize(T(fresh))
    assert fresh.lr == 0.25  # the value it stopped at, not the initial one
    b(T(fresh))
    assert fresh.lr == pytest.approx(0.125)


def test_linear_shift():
    vals = run(E.LinearShift('lr', (1.0, 3.0), (1, 3)), Opt(0.0), 4)
    assert vals == [1.0, 1.0, 2.0, 3.0, 3.0]


def test_step_shift():
    vals = run(E.StepShift('lr', 0.1, 2), Opt(1.0), 5)
    assert vals == pytest.approx([1.0, 1.0, 0.1, 0.1, 0.01, 0.01])
    vals = run(E.StepShift('lr', 0.1, 1, init=1.0, target=0.05), Opt(1.0), 3)
    assert vals == pytest.approx([1.0, 0.1, 0.05, 0.05])


def test_multistep_shift():
    vals = run(E.MultistepShift('lr', 0.1, [2, 4], 1.0), Opt(7.0), 5)
    assert vals == pytest.approx([1.0, 1.0, 0.1, 0.1, 0.01, 0.01])
    vals = run(E.MultistepShift('lr', 0.5, [1], None), Opt(4.0), 2)
    assert vals == pytest.approx([4.0, 2.0, 2.0])


def test_multistep_shift_resume_restores_value():
    opt = Opt()
    a = E.MultistepShift('lr', 0.1, [2], 1.0)
    run(a, opt, 3)
    b = E.MultistepShift('lr', 0.1, [2], 1.0)
    roundtrip(a, b)
    fresh = Opt(1.0)
    b.initialize(T(fresh))
    assert fresh.lr == pytest.approx(0.1)


def test_polynomial_shift():
    vals = run(E.PolynomialShift('lr', 2.0, 4), Opt(1.0), 5)
    assert vals == pytest.approx([1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0])
    vals = run(E.PolynomialShift('lr', 1.0, 4, target=0.6), Opt(1.0), 3)
    assert vals == pytest.approx([1.0, 0.75, 0.6, 0.6])


def test_inverse_shift():
    vals = run(E.InverseShift('lr', 1.0, 1.0), Opt(1.0), 3)
    assert vals == pytest.approx([1.0, 1 / 2, 1 / 3, 1 / 4])
    vals = run(E.InverseShift('lr', 1.0, 2.0, init=2.0, target=0.3), Opt(1.0), 3)
    assert vals == pytest.approx([2.0, 0.5, 0.3, 0.3])
    with pytest.raises(ValueError, match='negative gamma'):
        E.InverseShift('lr', -1.0, 1.0)


def test_warmup_shift():
    vals = run(E.WarmupShift('lr', 0.0, 4, 1.0), Opt(5.0), 6)
    assert vals == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0])
    opt = Opt(0.2)
    vals = run(E.WarmupShift('lr', None, 2, 1.0), opt, 3)
    assert vals == pytest.approx([0.2, 0.6, 1.0, 1.0])


def test_warmup_shift_resume_mid_warmup():
    opt = Opt()
    a = E.WarmupShift('lr', 0.0, 4, 1.0)
    run(a, opt, 2)
    b = E.WarmupShift('lr', 0.0, 4, 1.0)
    roundtrip(a, b)
    fresh = Opt(9.0)
    vals = run(b, fresh, 2)
    assert vals == pytest.approx([0.5, 0.75, 1.0])


def test_shifts_in_a_trainer_follow_the_trigger(tiny, tmp_path):
    trainer, _, opt = tiny(tmp_path, stop=(3, 'epoch'), lr=0.1)
    trainer.extend(E.ExponentialShift('lr', 0.5), trigger=(1, 'epoch'))
    trainer.run()
    assert opt.lr == pytest.approx(0.1 * 0.5 ** 3)
    assert math.isclose(opt.hyperparam.lr, opt.lr)


@pytest.mark.parametrize('make, expected', [
    # a negative hyperparameter shrinking or growing in magnitude stops at its target
    (lambda: E.ExponentialShift('lr', 0.5, init=-2.0, target=-1.2), [-2.0, -1.2, -1.2]),
    (lambda: E.ExponentialShift('lr', 2.0, init=-2.0, target=-3.0), [-2.0, -3.0, -3.0]),
    (lambda: E.StepShift('lr', 0.5, 1, init=-2.0, target=-1.2), [-2.0, -1.2, -1.2]),
    (lambda: E.StepShift('lr', 2.0, 1, init=-2.0, target=-3.0), [-2.0, -3.0, -3.0]),
    (lambda: E.InverseShift('lr', 1.0, 1.0, init=-2.0, target=-1.2), [-2.0, -1.2, -1.2]),
    (lambda: E.InverseShift('lr', 1.0, -1.0, init=-2.0, target=-3.0), [-2.0, -3.0, -3.0]),
    # a positive one below a negative target (ratio below one) is clamped at once
    (lambda: E.ExponentialShift('lr', 0.5, init=2.0, target=-1.0), [2.0, -1.0, -1.0]),
    # a zero target never stops it
    (lambda: E.ExponentialShift('lr', 0.5, init=2.0, target=0.0), [2.0, 1.0, 0.5]),
])
def test_shift_targets_follow_the_ratio_rule(make, expected):
    assert run(make(), Opt(9.0), 2) == expected
