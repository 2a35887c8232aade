import random
import unittest

import numpy
import pytest

from kusari import testing
from kusari.testing import random as testing_random

SCRATCH = 'kusari_testing_scratch'


def _draw():
    return numpy.random.uniform(size=3), random.random()


def test_a_fixed_method_draws_the_same_numbers_and_restores_the_state():
    draws = []

    @testing.fix_random()
    def test_draw(self):
        draws.append(_draw())

    numpy.random.seed(1)
    random.seed(1)
    test_draw(None)
    after_numpy, after_python = _draw()
    numpy.random.seed(2)
    test_draw(None)
    numpy.testing.assert_array_equal(draws[0][0], draws[1][0])
    assert draws[0][1] == draws[1][1]
    # The global generators continue where they were.
    numpy.random.seed(1)
    random.seed(1)
    assert numpy.array_equal(_draw()[0], after_numpy)


def test_a_fixed_class_is_fixed_from_setup_to_teardown(scratch):
    draws = []

    @testing.fix_random()
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def setUp(self):
            draws.append(numpy.random.uniform())

        def test_it(self):
            draws.append(numpy.random.uniform())

    assert isinstance(T, type)
    for seed in (3, 4):
        numpy.random.seed(seed)
        result = unittest.TestResult()
        T('test_it').run(result)
        assert result.wasSuccessful()
    assert draws[:2] == draws[2:]
    assert testing_random._depth == 0


def test_fix_random_over_parameterize_and_plain_classes(scratch):
    @testing.fix_random(setup_method='setup_method', teardown_method='teardown_method')
    @testing.parameterize({'a': 1}, {'a': 2})
    class TestPlain:
        __module__ = SCRATCH

        def test_it(self):
            return numpy.random.uniform()

    values = []
    for klass in TestPlain.classes():
        instance = klass()
        instance.setup_method(None)
        values.append(instance.test_it())
        instance.teardown_method(None)
    assert values[0] == values[1]


def test_generate_seed_only_inside_a_fixed_test():
    with pytest.raises(RuntimeError, match='fix_random'):
        testing.generate_seed()

    @testing.fix_random()
    def test_seed(self):
        return testing.generate_seed()

    seeds = []
    for _ in range(2):
        testing_random._setup_random()
        try:
            seeds.append(testing.generate_seed())
        finally:
            testing_random._teardown_random()
    assert seeds[0] == seeds[1] and isinstance(seeds[0], int)


def test_nondeterministic_mode(monkeypatch):
    monkeypatch.setenv('CHAINER_TEST_RANDOM_NONDETERMINISTIC', '1')
    draws = []

    @testing.fix_random()
    def test_draw(self):
        draws.append(numpy.random.uniform(size=4))

    test_draw(None)
    test_draw(None)
    assert not numpy.array_equal(draws[0], draws[1])


def test_teardown_without_setup_is_an_error():
    with pytest.raises(RuntimeError, match='teardown without setup'):
        testing_random._teardown_random()


@testing.fix_random()
class TestCollectedFixed(unittest.TestCase):

    first = None

    def test_same_numbers(self):
        x = numpy.random.uniform()
        if TestCollectedFixed.first is None:
            TestCollectedFixed.first = x
        assert x == TestCollectedFixed.first

    def test_same_numbers_again(self):
        self.test_same_numbers()


def test_a_failing_setup_does_not_leave_the_generators_fixed(scratch):
    @testing.fix_random()
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def setUp(self):
            raise KeyError('setup fails')

        def test_it(self):
            pass

    result = unittest.TestResult()
    T('test_it').run(result)
    assert len(result.errors) == 1
    assert testing_random._depth == 0
