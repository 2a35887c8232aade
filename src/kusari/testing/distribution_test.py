"""``distribution_unittest``: checks of a :mod:`kusari.distributions` class against SciPy.

A subclass defines ``setUp_configure(self)``, setting

- ``self.dist``: the distribution class, and ``self.params``: its keyword arguments (arrays;
  wrapped in Variables when the parameterized attribute ``is_variable`` is true);
- ``self.scipy_dist`` (a ``scipy.stats`` distribution) and ``self.scipy_params``;
- ``self.test_targets``: a subset of ``batch_shape``, ``cdf``, ``entropy``, ``event_shape``,
  ``icdf``, ``log_cdf``, ``log_prob``, ``log_survival``, ``mean``, ``prob``, ``sample``,
  ``stddev``, ``support``, ``survival``, ``variance``;
- optionally ``self.support`` (``'real'``), ``self.event_shape`` (``()``), ``self.continuous``
  (True), ``self.options`` (extra constructor arguments), ``scipy_onebyone`` (call SciPy
  once per element of the batch);

and ``sample_for_test(self)``, points of shape ``sample_shape + shape (+ event_shape)``.
Each target gets ``test_<target>_cpu`` and ``test_<target>_gpu`` (marked ``gpu``); the
others skip.
"""
import unittest

import numpy

from kusari.testing import array, attr

_TARGETS = ('batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf', 'log_prob',
            'log_survival', 'mean', 'prob', 'sample', 'stddev', 'support', 'survival',
            'variance')


def _size(shape):
    return int(numpy.prod(shape, dtype=numpy.int64))


def _to_gpu(x):
    from kusari.backends import cuda
    return cuda.to_gpu(x)


class distribution_unittest(unittest.TestCase):
    """Base class of distribution tests; see the module docstring."""

    scipy_onebyone = False

    def setUp(self):
        self.support = 'real'
        if not hasattr(self, 'event_shape'):
            self.event_shape = ()
        self.continuous = True
        self.test_targets = set()
        self.options = {}
        self.setUp_configure()
        unknown = set(self.test_targets) - set(_TARGETS)
        if unknown:
            raise ValueError('unknown test targets: {}'.format(sorted(unknown)))
        if self.is_variable:
            from kusari.variable import Variable
            self.params = {k: Variable(v) for k, v in self.params.items()}

    def setUp_configure(self):
        """Set the distribution, its parameters and the targets (see the module)."""
        raise NotImplementedError('setUp_configure is not implemented')

    def scipy_onebyone_params_iter(self):
        """The SciPy parameters of each element of the batch."""
        for index in numpy.ndindex(self.shape):
            yield {k: v[index] for k, v in self.scipy_params.items()}

    @property
    def cpu_dist(self):
        """The distribution over the parameters as given."""
        params = dict(self.params)
        params.update(self.options)
        return self.dist(**params)

    @property
    def gpu_dist(self):
        """The distribution over the parameters sent to the GPU."""
        from kusari.variable import Variable
        if self.is_variable:
            params = {k: Variable(_to_gpu(v.array)) for k, v in self.params.items()}
        else:
            params = {k: _to_gpu(v) for k, v in self.params.items()}
        params.update(self.options)
        return self.dist(**params)

    def _dist(self, gpu):
        return self.gpu_dist if gpu else self.cpu_dist

    def _points(self, gpu, points=None):
        points = self.sample_for_test() if points is None else points
        return points, (_to_gpu(points) if gpu else points)

    def _scipy_per_element(self, method):
        """``method`` of the SciPy distribution for each batch element, stacked to
        ``shape + event_shape``."""
        values = [getattr(self.scipy_dist, method)(**p)
                  for p in self.scipy_onebyone_params_iter()]
        return numpy.vstack(values).reshape(self.shape + self.cpu_dist.event_shape)

    # -- the checks, on the CPU or the GPU
    def check_batch_shape(self, gpu):
        self.assertEqual(self._dist(gpu).batch_shape, self.shape)

    def check_event_shape(self, gpu):
        self.assertEqual(self._dist(gpu).event_shape, self.event_shape)

    def check_support(self, gpu):
        self.assertEqual(self._dist(gpu).support, self.support)

    def _check_function(self, gpu, name, scipy_name):
        points, on_device = self._points(gpu)
        actual = getattr(self._dist(gpu), name)(on_device).array
        array.assert_allclose(actual, getattr(self.scipy_dist, scipy_name)(
            points, **self.scipy_params))

    def check_cdf(self, gpu):
        self._check_function(gpu, 'cdf', 'cdf')

    def check_log_cdf(self, gpu):
        self._check_function(gpu, 'log_cdf', 'logcdf')

    def check_survival(self, gpu):
        self._check_function(gpu, 'survival_function', 'sf')

    def check_log_survival(self, gpu):
        self._check_function(gpu, 'log_survival_function', 'logsf')

    def check_prob(self, gpu):
        self._check_function(gpu, 'prob', 'pdf' if self.continuous else 'pmf')

    def check_icdf(self, gpu):
        points = numpy.random.uniform(1e-5, 1 - 1e-5, self.sample_shape + self.shape)
        points = points.astype(numpy.float32)
        _, on_device = self._points(gpu, points)
        actual = self._dist(gpu).icdf(on_device).array
        array.assert_allclose(actual, self.scipy_dist.ppf(points, **self.scipy_params))

    def check_log_prob(self, gpu):
        points, on_device = self._points(gpu)
        actual = self._dist(gpu).log_prob(on_device).array
        logp = self.scipy_dist.logpdf if self.continuous else self.scipy_dist.logpmf
        if not self.scipy_onebyone:
            expected = logp(points, **self.scipy_params)
        else:
            n_sample, n_batch = _size(self.sample_shape), _size(self.shape)
            per_element = numpy.swapaxes(
                points.reshape(n_sample, n_batch, _size(self.event_shape)), 0, 1)
            per_element = per_element.reshape((-1,) + self.sample_shape + self.event_shape)
            values = [logp(p, **params) for params, p in
                      zip(self.scipy_onebyone_params_iter(), per_element)]
            expected = numpy.vstack(values).reshape(n_batch, -1).T
            expected = expected.reshape(self.sample_shape + self.shape)
        array.assert_allclose(actual, expected)

    def _check_moment(self, gpu, name, scipy_name):
        actual = getattr(self._dist(gpu), name).array
        if self.scipy_onebyone:
            expected = self._scipy_per_element(scipy_name)
        else:
            expected = getattr(self.scipy_dist, scipy_name)(**self.scipy_params)
        array.assert_allclose(actual, expected)

    def check_entropy(self, gpu):
        actual = self._dist(gpu).entropy.array
        if self.scipy_onebyone:
            values = [self.scipy_dist.entropy(**p) for p in self.scipy_onebyone_params_iter()]
            expected = numpy.vstack(values).reshape(self.shape)
        else:
            expected = self.scipy_dist.entropy(**self.scipy_params)
        array.assert_allclose(actual, expected)

    def check_mean(self, gpu):
        self._check_moment(gpu, 'mean', 'mean')

    def check_variance(self, gpu):
        self._check_moment(gpu, 'variance', 'var')

    def check_stddev(self, gpu):
        actual = self._dist(gpu).stddev.array
        array.assert_allclose(actual, self.scipy_dist.std(**self.scipy_params))

    def check_sample(self, gpu):
        n = 100000
        drawn = self._dist(gpu).sample(sample_shape=(n,) + self.sample_shape).array
        event_shape = self.cpu_dist.event_shape
        if self.scipy_onebyone:
            values = [self.scipy_dist.rvs(size=(n,) + self.sample_shape, **p)
                      for p in self.scipy_onebyone_params_iter()]
            reference = numpy.vstack(values).reshape(
                (_size(self.shape), n) + self.sample_shape + event_shape)
            reference = numpy.rollaxis(reference, 0, reference.ndim - len(event_shape))
            reference = reference.reshape((n,) + self.sample_shape + self.shape + event_shape)
        else:
            reference = self.scipy_dist.rvs(size=(n,) + self.sample_shape + self.shape,
                                            **self.scipy_params)
        array.assert_allclose(drawn.mean(axis=0), reference.mean(axis=0), atol=3e-2,
                              rtol=3e-2)
        array.assert_allclose(drawn.std(axis=0), reference.std(axis=0), atol=3e-2, rtol=3e-2)


def _target_test(target, gpu):
    def test(self):
        if target not in self.test_targets:
            self.skipTest('{!r} is not in test_targets'.format(target))
        getattr(self, 'check_' + target)(gpu)

    test.__name__ = 'test_{}_{}'.format(target, 'gpu' if gpu else 'cpu')
    test.__qualname__ = 'distribution_unittest.' + test.__name__
    return attr.gpu(test) if gpu and attr.is_available() else test


for _target in _TARGETS:
    for _gpu in (False, True):
        _method = _target_test(_target, _gpu)
        setattr(distribution_unittest, _method.__name__, _method)
del _target, _gpu, _method
