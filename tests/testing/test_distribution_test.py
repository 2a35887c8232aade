"""distribution_unittest against a small normal distribution written for this test."""
import math
import unittest

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing

SCRATCH = 'kusari_testing_scratch'


class Normal:
    """Just enough of a distribution for the checks (kusari.distributions is elsewhere)."""

    def __init__(self, loc, scale, wrong_mean=False):
        self.loc = kusari.as_variable(loc)
        self.scale = kusari.as_variable(scale)
        self.wrong_mean = wrong_mean

    batch_shape = property(lambda self: self.loc.shape)
    event_shape = ()
    support = 'real'

    @property
    def mean(self):
        return self.loc * 2 if self.wrong_mean else self.loc

    @property
    def variance(self):
        return self.scale ** 2

    @property
    def stddev(self):
        return self.scale

    @property
    def entropy(self):
        return F.log(self.scale) + 0.5 * math.log(2 * math.pi * math.e)

    def log_prob(self, x):
        z = (x - F.broadcast_to(self.loc, x.shape)) / F.broadcast_to(self.scale, x.shape)
        return -0.5 * z * z - F.log(F.broadcast_to(self.scale, x.shape)) \
            - 0.5 * math.log(2 * math.pi)

    def prob(self, x):
        return F.exp(self.log_prob(x))

    def sample(self, sample_shape=()):
        eps = numpy.random.standard_normal(sample_shape + self.loc.shape).astype(
            self.loc.dtype)
        shape = eps.shape
        return F.broadcast_to(self.loc, shape) + F.broadcast_to(self.scale, shape) * eps


def _make(wrong_mean=False, targets=('batch_shape', 'event_shape', 'support', 'mean',
                                     'variance', 'stddev', 'entropy', 'log_prob', 'prob',
                                     'sample')):
    stats = pytest.importorskip('scipy.stats')

    @testing.parameterize(*testing.product({'shape': [(2, 3), ()], 'is_variable': [True,
                                                                                   False],
                                            'sample_shape': [(3,), ()]}))
    @testing.fix_random()
    class T(testing.distribution_unittest):
        __module__ = SCRATCH
        scipy_onebyone = True

        def setUp_configure(self):
            self.dist = lambda **p: Normal(wrong_mean=wrong_mean, **p)
            self.scipy_dist = stats.norm
            self.test_targets = set(targets)
            loc = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), numpy.float32)
            scale = numpy.asarray(numpy.exp(numpy.random.uniform(-1, 1, self.shape)),
                                  numpy.float32)
            self.params = {'loc': loc, 'scale': scale}
            self.scipy_params = {'loc': loc, 'scale': scale}

        def sample_for_test(self):
            return numpy.random.normal(size=self.sample_shape + self.shape).astype(
                numpy.float32)

    return T


def _outcomes(bundle):
    out = {}
    for klass in bundle.classes():
        for name in unittest.TestLoader().getTestCaseNames(klass):
            result = unittest.TestResult()
            klass(name).run(result)
            key = 'failed' if result.failures or result.errors else \
                'skipped' if result.skipped else 'passed'
            out.setdefault(name, set()).add(key)
    return out


def test_a_correct_distribution_passes(scratch):
    outcomes = _outcomes(_make())
    for target in ('batch_shape', 'event_shape', 'support', 'mean', 'variance', 'stddev',
                   'entropy', 'log_prob', 'prob', 'sample'):
        assert outcomes['test_{}_cpu'.format(target)] == {'passed'}, target
    for target in ('cdf', 'icdf', 'log_cdf', 'survival', 'log_survival'):
        assert outcomes['test_{}_cpu'.format(target)] == {'skipped'}
    assert outcomes['test_mean_gpu'] == {'skipped'}


def test_a_wrong_mean_fails(scratch):
    outcomes = _outcomes(_make(wrong_mean=True))
    assert outcomes['test_mean_cpu'] == {'failed'}
    assert outcomes['test_variance_cpu'] == {'passed'}


def test_unknown_targets_are_an_error(scratch):
    bundle = _make(targets=('mean', 'median'))
    result = unittest.TestResult()
    bundle.classes()[0]('test_mean_cpu').run(result)
    assert "unknown test targets: ['median']" in result.errors[0][1]
