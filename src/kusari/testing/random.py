"""``fix_random``: the same random numbers in every run of a test.

Inside a fixed test the global generators of :mod:`random`, NumPy and (when CuPy is
imported) CuPy are seeded with a fixed value; their states are restored afterwards. Setting
``CHAINER_TEST_RANDOM_NONDETERMINISTIC=1`` seeds them from the system instead, to look for
tests that only pass with one seed. Nested fixing (a fixed class whose tests are repeated by
:mod:`kusari.testing.condition`) seeds only at the outermost level.
"""
import functools
import os
import random as _random
import sys
import types

import numpy

from kusari.testing import _cases

_SEED = 100       # Chainer's, so that fixed tests draw the numbers they draw under Chainer

_depth = 0
_saved = None


def _cupy():
    return sys.modules.get('cupy')


def _setup_random():
    """Seed the generators (at the outermost level of nesting)."""
    global _depth, _saved
    if _depth == 0:
        _saved = (_random.getstate(), numpy.random.get_state())
        nondeterministic = os.environ.get('CHAINER_TEST_RANDOM_NONDETERMINISTIC', '0')
        seed = None if nondeterministic not in ('', '0') else _SEED
        _random.seed(seed)
        numpy.random.seed(seed)
        cupy = _cupy()
        if cupy is not None:
            cupy.random.seed(seed)
    _depth += 1


def _teardown_random():
    """Restore the generators (when leaving the outermost level)."""
    global _depth, _saved
    if _depth <= 0:
        raise RuntimeError('fix_random: teardown without setup')
    _depth -= 1
    if _depth == 0:
        python_state, numpy_state = _saved
        _saved = None
        _random.setstate(python_state)
        numpy.random.set_state(numpy_state)
        cupy = _cupy()
        if cupy is not None:
            cupy.random.seed()


def generate_seed():
    """A random seed drawn from the fixed NumPy generator (inside a fixed test only).

    Returns
    -------
    int

    Raises
    ------
    RuntimeError
        Outside a test fixed by :func:`fix_random`.
    """
    if _depth == 0:
        raise RuntimeError('generate_seed is for tests decorated with fix_random')
    return int(numpy.random.randint(0xffffffff))


def _fixed_method(method):
    @functools.wraps(method)
    def test(self, *args, **kwargs):
        _setup_random()
        try:
            return method(self, *args, **kwargs)
        finally:
            _teardown_random()
    return test


def _fix_class(klass, setup_name, teardown_name):
    setup = getattr(klass, setup_name, None)
    teardown = getattr(klass, teardown_name, None)

    def new_setup(self, *args, **kwargs):
        _setup_random()
        if setup is not None:
            try:
                setup(self, *args, **kwargs)
            except BaseException:
                # A failing setUp is not followed by tearDown: undo the seeding here.
                _teardown_random()
                raise

    def new_teardown(self, *args, **kwargs):
        try:
            if teardown is not None:
                teardown(self, *args, **kwargs)
        finally:
            _teardown_random()

    for new, old, name in ((new_setup, setup, setup_name),
                           (new_teardown, teardown, teardown_name)):
        if old is not None:
            functools.update_wrapper(new, old)
        new.__name__ = name
        setattr(klass, name, new)


def fix_random(*, setup_method='setUp', teardown_method='tearDown'):
    """Decorator: fix the random numbers of a test method, a test class or a bundle.

    On a ``test_*`` method, the generators are seeded around the call. On a class (or the
    classes :func:`~kusari.testing.parameterize` made), around each test, from its
    ``setup_method`` to its ``teardown_method`` (``setUp`` / ``tearDown``; use
    ``setup_method='setup_method', teardown_method='teardown_method'`` for plain pytest
    classes). Apply it outside ``condition.repeat`` / ``retry``, not inside.

    Returns
    -------
    callable
        The decorator.
    """
    def decorate(target):
        if isinstance(target, types.FunctionType) and target.__name__.startswith('test'):
            return _fixed_method(target)
        bundle = _cases.CaseBundle.of(target)
        for klass in bundle.classes():
            _fix_class(klass, setup_method, teardown_method)
        return bundle if isinstance(target, _cases.CaseBundle) else target
    return decorate
