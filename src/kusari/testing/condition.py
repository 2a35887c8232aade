"""Repeating a test: ``repeat``, ``retry`` and ``repeat_with_success_at_least``.

Each trial of a ``unittest.TestCase`` test runs on a fresh instance with its own ``setUp``
and ``tearDown`` (so data drawn in ``setUp`` is drawn again); a test of a plain class runs
again on the same instance. A skip in any trial skips the test.
"""
import functools
import traceback
import unittest


def _skip_exceptions():
    try:
        from _pytest.outcomes import Skipped
    except ImportError:  # pragma: no cover - pytest is a test extra
        return (unittest.SkipTest,)
    return (unittest.SkipTest, Skipped)


def _trial(instance, f, args, kwargs):
    """Run one trial; return ``('pass' | 'skip' | 'fail', detail)``."""
    skips = _skip_exceptions()
    fresh = isinstance(instance, unittest.TestCase)
    if fresh:
        instance = type(instance)(instance._testMethodName)
    try:
        if fresh:
            instance.setUp()
        try:
            f(instance, *args, **kwargs)
        finally:
            if fresh:
                instance.tearDown()
    except skips as e:
        return 'skip', str(getattr(e, 'msg', None) or e)
    except Exception as e:  # noqa: BLE001 - any error is a failed trial
        summary = ' '.join(''.join(traceback.format_exception_only(e)).split())
        return 'fail', (summary, traceback.format_exc())
    return 'pass', None


def repeat_with_success_at_least(times, min_success):
    """Decorator: run a test ``times`` times; it passes when ``min_success`` trials pass.

    Trials stop as soon as the outcome is decided. A failing test raises AssertionError
    giving the counts and the first failure's traceback.

    Parameters
    ----------
    times : int
        The largest number of trials.
    min_success : int
        The number of passing trials needed; at most ``times``.

    Returns
    -------
    callable
        The decorator, for a test method.

    Raises
    ------
    AssertionError
        If ``min_success > times``.
    """
    if min_success > times:
        raise AssertionError('min_success ({}) must not exceed times ({})'.format(
            min_success, times))

    def decorate(f):
        @functools.wraps(f)
        def test(self, *args, **kwargs):
            successes = failures = 0
            first_failure = None
            for _ in range(times):
                outcome, detail = _trial(self, f, args, kwargs)
                if outcome == 'skip':
                    raise unittest.SkipTest(detail)
                if outcome == 'pass':
                    successes += 1
                else:
                    failures += 1
                    if first_failure is None:
                        first_failure = detail
                if successes >= min_success:
                    return
                if failures > times - min_success:
                    break
            if successes >= min_success:
                return
            message = 'Fail: {}, Success: {} (at least {} of {} trials must pass)'.format(
                failures, successes, min_success, times)
            if first_failure is not None:
                summary, trace = first_failure
                message = '{}: {}\n\nThe first error message:\n{}'.format(summary, message,
                                                                         trace)
            raise AssertionError(message)
        return test
    return decorate


def repeat(times):
    """Decorator: the test must pass ``times`` times in a row.

    Parameters
    ----------
    times : int

    Returns
    -------
    callable
    """
    return repeat_with_success_at_least(times, times)


def retry(times):
    """Decorator: the test must pass once in at most ``times`` trials.

    Parameters
    ----------
    times : int

    Returns
    -------
    callable
    """
    return repeat_with_success_at_least(times, 1)
