"""kusari's distributions and special functions against values of the real Chainer 7.8.1
(tests/oracles/distributions.npz, written by tests/oracles/make_distributions.py)."""
import os

import numpy
import pytest

import kusari
import kusari.distributions as D
import kusari.functions as F

_ORACLE = numpy.load(os.path.join(os.path.dirname(__file__), '..', 'oracles',
                                  'distributions.npz'))
_CLASSES = {
    'bernoulli': D.Bernoulli, 'beta': D.Beta, 'categorical': D.Categorical,
    'cauchy': D.Cauchy, 'chisquare': D.Chisquare, 'dirichlet': D.Dirichlet,
    'exponential': D.Exponential, 'gamma': D.Gamma, 'geometric': D.Geometric,
    'gumbel': D.Gumbel, 'laplace': D.Laplace, 'log_normal': D.LogNormal,
    'multivariate_normal': D.MultivariateNormal, 'normal': D.Normal,
    'one_hot_categorical': D.OneHotCategorical, 'pareto': D.Pareto, 'poisson': D.Poisson,
    'uniform': D.Uniform,
}
_METHODS = ['log_prob', 'prob', 'cdf', 'icdf', 'log_cdf', 'survival_function',
            'log_survival_function', 'entropy', 'mean', 'mode', 'variance', 'stddev',
            'covariance']


def _group(name, kind):
    prefix = '{}/{}/'.format(name, kind)
    return {k[len(prefix):]: _ORACLE[k] for k in _ORACLE.files if k.startswith(prefix)}


@pytest.mark.parametrize('name', sorted(_CLASSES))
def test_values_and_gradients_match_chainer(name):
    params = {k: kusari.Variable(v) for k, v in _group(name, 'param').items()}
    dtype = next(iter(params.values())).dtype
    # float32 oracles (the multivariate normal) are compared at float32 precision
    tol = dict(rtol=1e-12, atol=1e-13) if dtype == numpy.float64 else dict(rtol=2e-5, atol=2e-6)
    dist = _CLASSES[name](**params)
    x = _ORACLE['{}/x'.format(name)]
    checked = 0
    for m in _METHODS:
        key = '{}/{}'.format(name, m)
        if key not in _ORACLE.files:
            continue
        attr = getattr(dist, m)
        if m == 'icdf':
            y = attr(_ORACLE['{}/q'.format(name)])
        elif callable(attr):
            y = attr(x)
        else:
            y = attr
        numpy.testing.assert_allclose(y.array, _ORACLE[key], err_msg=m, **tol)
        checked += 1
    assert checked >= 2
    lp = F.sum(dist.log_prob(x))
    grads = kusari.grad([lp], list(params.values()))
    for k, g in zip(params, grads):
        numpy.testing.assert_allclose(g.array, _ORACLE['{}/grad_log_prob/{}'.format(name, k)],
                                      err_msg='grad ' + k, **tol)
    if '{}/kl'.format(name) in _ORACLE.files:
        q = _CLASSES[name](**_group(name, 'q_param'))
        numpy.testing.assert_allclose(kusari.kl_divergence(dist, q).array,
                                      _ORACLE['{}/kl'.format(name)], err_msg='kl', **tol)


@pytest.mark.parametrize('fname', ['lgamma', 'digamma', 'erfinv', 'erfcinv', 'erfcx', 'ndtr',
                                   'ndtri', 'log_ndtr', 'log1p', 'expm1'])
def test_special_functions_and_two_derivatives_match_chainer(fname):
    x = kusari.Variable(_ORACLE['special/{}/x'.format(fname)])
    y = getattr(F, fname)(x)
    g, = kusari.grad([F.sum(y)], [x], enable_double_backprop=True)
    gg, = kusari.grad([F.sum(g)], [x])
    for got, key in [(y, 'y'), (g, 'gx'), (gg, 'ggx')]:
        numpy.testing.assert_allclose(got.array, _ORACLE['special/{}/{}'.format(fname, key)],
                                      rtol=1e-12, atol=1e-14, err_msg=key)


def test_polygamma_and_zeta_match_chainer():
    numpy.testing.assert_allclose(
        F.polygamma(_ORACLE['special/polygamma/n'], _ORACLE['special/polygamma/x']).array,
        _ORACLE['special/polygamma/y'], rtol=1e-13)
    numpy.testing.assert_allclose(
        F.zeta(_ORACLE['special/zeta/x'], _ORACLE['special/zeta/q']).array,
        _ORACLE['special/zeta/y'], rtol=1e-13)
