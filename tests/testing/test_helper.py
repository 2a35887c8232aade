import unittest
import warnings

import numpy
import pytest

import kusari
from kusari import testing
from kusari.testing import helper


@pytest.mark.parametrize('requirement, met', [
    ('numpy', True),
    ('numpy>=1.0', True),
    ('numpy>=1.0,<1000', True),
    ('numpy<1.0', False),
    ('numpy==' + numpy.__version__, True),
    ('numpy!=' + numpy.__version__, False),
    ('numpy~=' + '.'.join(numpy.__version__.split('.')[:2]), True),
    ('numpy==1.*', False),
    ('kusari-no-such-package', False),
])
def test_requirements(requirement, met):
    assert helper._satisfied(requirement) is met


def test_a_malformed_requirement_is_an_error():
    with pytest.raises(ValueError, match='invalid version clause'):
        helper._satisfied('numpy>>1')


def _outcome(decorator):
    class T(unittest.TestCase):
        @decorator
        def test_it(self):
            pass

    result = unittest.TestResult()
    T('test_it').run(result)
    return 'skipped' if result.skipped else 'ran'


def test_with_and_without_requires():
    assert _outcome(testing.with_requires('numpy>=1.0')) == 'ran'
    assert _outcome(testing.with_requires('numpy>=1.0', 'numpy<1.0')) == 'skipped'
    assert _outcome(testing.without_requires('numpy<1.0')) == 'ran'
    assert _outcome(testing.without_requires('numpy>=1.0')) == 'skipped'


def test_with_requires_on_a_plain_class_marks_it_skipped():
    @testing.with_requires('numpy<1.0')
    class TestPlain:
        def test_it(self):
            pass

    assert [m.name for m in TestPlain.pytestmark] == ['skip']


def test_assert_warns():
    with testing.assert_warns(DeprecationWarning) as caught:
        warnings.warn('old', DeprecationWarning)
        warnings.warn('old', DeprecationWarning)     # shown again: the filter is 'always'
    assert len(caught) == 2
    with pytest.raises(AssertionError, match='DeprecationWarning not triggered'):
        with testing.assert_warns(DeprecationWarning):
            warnings.warn('other', UserWarning)


def test_patch_wraps_the_real_object_by_default():
    with testing.patch('kusari.functions.relu') as relu:
        y = kusari.functions.relu(numpy.array([-1.0, 2.0]))
    numpy.testing.assert_array_equal(y.array, [0.0, 2.0])
    assert relu.call_count == 1
    with testing.patch('kusari.functions.relu', wraps=lambda x: 'replaced'):
        assert kusari.functions.relu(1) == 'replaced'


def test_patch_needs_an_imported_module():
    with pytest.raises(RuntimeError, match='cannot find module'):
        testing.patch('kusari_not_imported.x')


@testing.with_requires('numpy>=1.0')
class TestCollectedRequires(unittest.TestCase):

    def test_runs(self):
        pass

    @testing.without_requires('numpy>=1.0')
    def test_skipped(self):
        raise AssertionError('not run')
