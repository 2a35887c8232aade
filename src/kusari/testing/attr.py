"""Test marks: ``gpu``, ``multi_gpu(n)``, ``cudnn``, ``slow``, ``ideep``, ``chainerx``.

Each adds the pytest mark of its name (select or deselect with ``-m``; the mark is looked up
on ``pytest.mark`` when the decorator runs, so a conftest may redefine it). ``gpu`` and
``multi_gpu(n)`` also skip the test, class or method, where fewer than ``n`` CUDA devices
are usable (no CuPy, no device, or the environment variable ``CHAINER_TEST_GPU_LIMIT`` set
below ``n``), so that a test suite passes on a machine without a GPU with or without ``-m``.
"""
import os
import unittest

try:
    import pytest
    _error = None
except ImportError as e:  # pragma: no cover - pytest is a test extra
    pytest = None
    _error = e


def is_available():
    """Whether pytest (which the marks need) is importable."""
    return _error is None


def check_available():
    """Raise RuntimeError naming the cause if pytest is not importable."""
    if _error is not None:
        raise RuntimeError('{} needs pytest (pip install "kusari[test]"): {}: {}'.format(
            __name__, type(_error).__name__, _error))


def get_error():
    """The ImportError of pytest, or None."""
    return _error


def _gpu_limit():
    return int(os.environ.get('CHAINER_TEST_GPU_LIMIT', '-1'))


_device_count = None


def _usable_gpus():
    """The number of CUDA devices CuPy can use (0 without CuPy); asked once."""
    global _device_count
    if _device_count is None:
        from kusari.backends import cuda
        count = 0
        if cuda.available:
            try:
                count = cuda.cupy.cuda.runtime.getDeviceCount()
            except Exception:  # noqa: BLE001 - any CUDA runtime error means no usable device
                count = 0
        _device_count = count
    return _device_count


def skip_if(condition, reason):
    """A decorator skipping a test function, method or class when ``condition`` holds.

    ``unittest.skipIf`` for functions and ``unittest.TestCase`` classes (which pytest and
    unittest both honour); a plain pytest class gets the ``skip`` mark as well, since pytest
    ignores ``unittest``'s skip attribute there.
    """
    def decorate(obj):
        if not condition:
            return obj
        skipped = unittest.skipIf(True, reason)(obj)
        if isinstance(obj, type) and not issubclass(obj, unittest.TestCase) and pytest:
            skipped = pytest.mark.skip(reason=reason)(skipped)
        return skipped
    return decorate


def _mark(name, *args, **kwargs):
    check_available()
    return getattr(pytest.mark, name)(*args, **kwargs)


def chainerx(*args, **kwargs):
    """The ``chainerx`` mark (ChainerX is not part of kusari; such tests are skipped by the
    backend injection)."""
    return _mark('chainerx', *args, **kwargs)


def cudnn(*args, **kwargs):
    """The ``cudnn`` mark."""
    return _mark('cudnn', *args, **kwargs)


def ideep(*args, **kwargs):
    """The ``ideep`` mark."""
    return _mark('ideep', *args, **kwargs)


def slow(*args, **kwargs):
    """The ``slow`` mark."""
    return _mark('slow', *args, **kwargs)


def multi_gpu(gpu_num):
    """Decorator: the test needs ``gpu_num`` GPUs (marked ``gpu``; skipped with fewer).

    Parameters
    ----------
    gpu_num : int
        The number of CUDA devices the test uses.

    Returns
    -------
    callable
        The decorator, for a test function, method or class.
    """
    check_available()
    limit = _gpu_limit()

    def decorate(f):
        reason = None
        if 0 <= limit < gpu_num:
            reason = '{} GPUs required (CHAINER_TEST_GPU_LIMIT={})'.format(gpu_num, limit)
        else:
            have = _usable_gpus()
            if have < gpu_num:
                reason = '{} GPU{} required, {} usable (CuPy and CUDA devices)'.format(
                    gpu_num, 's' if gpu_num > 1 else '', have)
        return skip_if(reason is not None, reason)(pytest.mark.gpu(f))

    return decorate


def gpu(f):
    """Decorator: the test needs one GPU (marked ``gpu``; skipped without one)."""
    return multi_gpu(1)(f)
