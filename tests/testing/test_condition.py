import unittest

import pytest

from kusari.testing import condition


class Counter(unittest.TestCase):
    """Each trial runs on a fresh instance: ``setUp`` counts the instances."""

    setups = 0
    calls = 0
    outcomes = []

    def setUp(self):
        Counter.setups += 1

    def runTest(self):
        pass

    def trial(self):
        Counter.calls += 1
        outcome = Counter.outcomes[Counter.calls - 1]
        if outcome == 'fail':
            self.fail('planned failure {}'.format(Counter.calls))
        if outcome == 'error':
            raise KeyError('planned error')
        if outcome == 'skip':
            self.skipTest('planned skip')
        if outcome == 'pytest-skip':
            pytest.skip('planned pytest skip')


@pytest.fixture
def counter():
    Counter.setups = Counter.calls = 0
    return Counter()


def _run(decorator, counter, outcomes):
    Counter.outcomes = outcomes
    return decorator(Counter.trial)(counter)


def test_repeat_passes_when_every_trial_passes(counter):
    _run(condition.repeat(4), counter, ['pass'] * 4)
    assert Counter.calls == 4 and Counter.setups == 4


def test_repeat_stops_at_the_first_failure(counter):
    with pytest.raises(AssertionError) as info:
        _run(condition.repeat(4), counter, ['pass', 'fail', 'pass', 'pass'])
    assert Counter.calls == 2
    message = str(info.value)
    # The cause comes first, then the counts, then the whole traceback.
    assert message.startswith('AssertionError: planned failure 2: Fail: 1, Success: 1')
    assert 'The first error message:' in message and 'planned failure 2' in message


def test_retry_passes_on_a_late_success(counter):
    _run(condition.retry(3), counter, ['fail', 'error', 'pass'])
    assert Counter.calls == 3


def test_retry_fails_when_no_trial_passes(counter):
    with pytest.raises(AssertionError, match='Fail: 3, Success: 0'):
        _run(condition.retry(3), counter, ['error'] * 3)


def test_at_least_counts_and_stops_when_decided(counter):
    outcomes = ['pass', 'fail', 'pass', 'pass', 'fail', 'fail']
    _run(condition.repeat_with_success_at_least(6, 3), counter, outcomes)
    assert Counter.calls == 4                      # the third success decides it
    Counter.calls = 0
    with pytest.raises(AssertionError, match='Fail: 3, Success: 1'):
        _run(condition.repeat_with_success_at_least(5, 3), counter,
             ['fail', 'pass', 'fail', 'fail', 'pass'])
    assert Counter.calls == 4                      # three failures of five decide it


def test_zero_successes_needed(counter):
    _run(condition.repeat_with_success_at_least(3, 0), counter, ['fail'] * 3)
    assert Counter.calls == 1


@pytest.mark.parametrize('kind', ['skip', 'pytest-skip'])
def test_a_skip_skips_the_test(counter, kind):
    with pytest.raises(unittest.SkipTest, match='planned'):
        _run(condition.repeat(5), counter, [kind] * 5)
    assert Counter.calls == 1


def test_more_successes_than_trials_is_refused():
    with pytest.raises(AssertionError, match='must not exceed'):
        condition.repeat_with_success_at_least(2, 3)


def test_plain_classes_repeat_on_the_same_instance():
    class TestPlain:
        calls = 0

        def test_it(self):
            type(self).calls += 1

    TestPlain.test_it = condition.repeat(3)(TestPlain.test_it)
    TestPlain().test_it()
    assert TestPlain.calls == 3


class TestCollected(unittest.TestCase):
    """Real use under pytest: a test that passes on its second try."""

    tries = 0

    @condition.retry(3)
    def test_flaky(self):
        TestCollected.tries += 1
        assert TestCollected.tries >= 2
