import unittest

import pytest

from kusari.testing import attr


def _marks(obj):
    return sorted(m.name for m in getattr(obj, 'pytestmark', []))


def test_plain_marks():
    for name in ('chainerx', 'cudnn', 'ideep', 'slow'):
        def f():
            pass
        assert _marks(getattr(attr, name)(f)) == [name]


def _run(decorated_method):
    class T(unittest.TestCase):
        test_it = decorated_method

    result = unittest.TestResult()
    T('test_it').run(result)
    return result


def test_gpu_is_marked_and_skipped_without_a_gpu(monkeypatch):
    monkeypatch.setattr(attr, '_device_count', 0)

    def test_it(self):
        raise AssertionError('not run')

    decorated = attr.gpu(test_it)
    assert _marks(decorated) == ['gpu']
    result = _run(decorated)
    assert result.wasSuccessful() and '0 usable' in result.skipped[0][1]


def test_multi_gpu_counts_devices_and_the_limit(monkeypatch):
    calls = []

    def test_it(self):
        calls.append(1)

    monkeypatch.setattr(attr, '_device_count', 2)
    assert not _run(attr.multi_gpu(2)(test_it)).skipped
    assert _run(attr.multi_gpu(3)(test_it)).skipped
    monkeypatch.setenv('CHAINER_TEST_GPU_LIMIT', '1')
    result = _run(attr.multi_gpu(2)(test_it))
    assert 'CHAINER_TEST_GPU_LIMIT=1' in result.skipped[0][1]
    assert calls == [1]


def test_gpu_on_a_plain_class(monkeypatch):
    monkeypatch.setattr(attr, '_device_count', 0)

    @attr.gpu
    class TestPlain:
        def test_it(self):
            pass

    assert _marks(TestPlain) == ['gpu', 'skip']


def test_marks_follow_a_redefined_pytest_mark(monkeypatch):
    # Chainer's conftest turns the chainerx mark into skip when ChainerX is missing.
    monkeypatch.setattr(pytest.mark, 'chainerx', pytest.mark.skip, raising=False)

    def f():
        pass

    assert _marks(attr.chainerx(f)) == ['skip']


def test_availability():
    assert attr.is_available() and attr.get_error() is None
    attr.check_available()


@attr.gpu
def test_collected_gpu_test():
    from kusari.backends import cuda
    assert cuda.available
