"""Write distributions.npz: reference values of Chainer 7.8.1's distributions and special
functions (see README.md). Run with a Python that has Chainer 7.8.1, NumPy 1.26 and SciPy:

    python make_distributions.py distributions.npz

Not run by the test suite (kusari's tests only read the npz).
"""
import sys

import chainer.distributions as D
import chainer.functions as F
import numpy

import chainer

rng = numpy.random.RandomState(20240611)


def u(lo, hi, shape):
    return rng.uniform(lo, hi, shape)


def simplex(shape):
    x = u(0.2, 1.0, shape)
    return x / x.sum(axis=-1, keepdims=True)


def tril(shape, d):
    a = numpy.tril(u(-0.5, 0.5, shape + (d, d)), -1)
    return a + numpy.eye(d) * u(0.5, 1.5, shape + (d,))[..., None]


# name -> (class, params, x, the methods Chainer has)
CASES = {
    'bernoulli': (D.Bernoulli, {'p': u(0.1, 0.9, (3,))}, rng.randint(0, 2, (2, 3)),
                  ['log_prob', 'prob', 'entropy', 'mean', 'variance', 'stddev']),
    'beta': (D.Beta, {'a': u(0.5, 4, (3,)), 'b': u(0.5, 4, (3,))}, u(0.1, 0.9, (2, 3)),
             ['log_prob', 'entropy', 'mean', 'variance']),
    'categorical': (D.Categorical, {'p': simplex((3, 4))}, rng.randint(0, 4, (2, 3)),
                    ['log_prob', 'entropy']),
    'cauchy': (D.Cauchy, {'loc': u(-1, 1, (3,)), 'scale': u(0.5, 2, (3,))},
               u(-3, 3, (2, 3)), ['log_prob', 'cdf', 'icdf', 'entropy']),
    'chisquare': (D.Chisquare, {'k': u(1, 6, (3,))}, u(0.5, 6, (2, 3)),
                  ['log_prob', 'entropy', 'mean', 'variance']),
    'dirichlet': (D.Dirichlet, {'alpha': u(0.5, 4, (3, 4))}, simplex((2, 3, 4)),
                  ['log_prob', 'entropy', 'mean', 'variance']),
    'exponential': (D.Exponential, {'lam': u(0.5, 2, (3,))}, u(0.1, 3, (2, 3)),
                    ['log_prob', 'cdf', 'icdf', 'entropy', 'mean', 'variance']),
    'gamma': (D.Gamma, {'k': u(0.5, 4, (3,)), 'theta': u(0.5, 2, (3,))}, u(0.3, 5, (2, 3)),
              ['log_prob', 'entropy', 'mean', 'variance']),
    'geometric': (D.Geometric, {'p': u(0.2, 0.8, (3,))}, rng.randint(1, 6, (2, 3)),
                  ['log_prob', 'mean', 'variance']),
    'gumbel': (D.Gumbel, {'loc': u(-1, 1, (3,)), 'scale': u(0.5, 2, (3,))},
               u(-2, 3, (2, 3)), ['log_prob', 'entropy', 'mean', 'variance']),
    'laplace': (D.Laplace, {'loc': u(-1, 1, (3,)), 'scale': u(0.5, 2, (3,))},
                u(-3, 3, (2, 3)),
                ['log_prob', 'prob', 'cdf', 'icdf', 'entropy', 'mean', 'mode', 'variance',
                 'stddev']),
    'log_normal': (D.LogNormal, {'mu': u(-1, 1, (3,)), 'sigma': u(0.5, 1.5, (3,))},
                   u(0.3, 4, (2, 3)), ['log_prob', 'entropy', 'mean', 'variance']),
    'normal': (D.Normal, {'loc': u(-1, 1, (3,)), 'scale': u(0.5, 2, (3,))},
               u(-2, 2, (2, 3)),
               ['log_prob', 'prob', 'cdf', 'icdf', 'log_cdf', 'survival_function',
                'log_survival_function', 'entropy', 'mean', 'variance', 'stddev']),
    'one_hot_categorical': (D.OneHotCategorical, {'p': simplex((3, 4))},
                            numpy.eye(4)[rng.randint(0, 4, (2, 3))],
                            ['log_prob', 'mean', 'variance']),
    'pareto': (D.Pareto, {'scale': u(0.5, 1, (3,)), 'alpha': u(2.5, 4, (3,))},
               u(1.1, 4, (2, 3)), ['log_prob', 'entropy', 'mean', 'variance']),
    'poisson': (D.Poisson, {'lam': u(0.5, 6, (3,))}, rng.randint(0, 10, (2, 3)),
                ['log_prob', 'mean', 'variance']),
    'uniform': (D.Uniform, {'low': u(-2, 0, (3,)), 'high': u(1, 3, (3,))}, u(-1, 1, (2, 3)),
                ['log_prob', 'cdf', 'icdf', 'entropy', 'mean', 'variance', 'stddev']),
    # Chainer's triangular inverse takes float32 only
    'multivariate_normal': (D.MultivariateNormal,
                            {'loc': u(-1, 1, (3, 2)).astype(numpy.float32),
                             'scale_tril': tril((3,), 2).astype(numpy.float32)},
                            u(-2, 2, (2, 3, 2)).astype(numpy.float32),
                            ['log_prob', 'entropy', 'mean', 'covariance']),
}
QUANTILES = u(0.05, 0.95, (2, 3))
PAIRS = ['bernoulli', 'beta', 'categorical', 'dirichlet', 'exponential', 'gamma', 'geometric',
         'gumbel', 'laplace', 'log_normal', 'normal', 'one_hot_categorical', 'pareto',
         'poisson', 'uniform', 'multivariate_normal']


def second_params(name, params):
    """The parameters of q for KL(p || q): p's, shifted into the valid ranges."""
    out = {}
    for k, v in params.items():
        if name == 'uniform':
            w = v - 0.5 if k == 'low' else v + 0.5     # q's support contains p's
        elif name == 'pareto' and k == 'scale':
            w = v * 0.8
        elif k in ('p',) and name in ('categorical', 'one_hot_categorical'):
            w = simplex(v.shape)
        elif k == 'scale_tril':
            w = tril(v.shape[:-2], v.shape[-1]).astype(v.dtype)
        elif name in ('bernoulli', 'geometric'):
            w = u(0.2, 0.8, v.shape)
        elif k in ('loc', 'mu'):
            w = v + u(-0.5, 0.5, v.shape).astype(v.dtype)
        else:
            w = v * u(0.6, 1.6, v.shape).astype(v.dtype)
        out[k] = w
    return out


def main(path):
    out = {}
    for name, (cls, params, x, methods) in CASES.items():
        dtype = next(iter(params.values())).dtype
        x = x.astype(dtype)
        for k, v in params.items():
            out['{}/param/{}'.format(name, k)] = v
        out['{}/x'.format(name)] = x
        variables = {k: chainer.Variable(v) for k, v in params.items()}
        dist = cls(**variables)
        for m in methods:
            attr = getattr(dist, m)
            if m == 'icdf':
                y = attr(QUANTILES.astype(dtype))
                out['{}/q'.format(name)] = QUANTILES.astype(dtype)
            elif callable(attr):
                y = attr(x)
            else:
                y = attr
            out['{}/{}'.format(name, m)] = y.array
        # the first-order gradient of sum(log_prob(x)) in every parameter
        lp = F.sum(dist.log_prob(x))
        grads = chainer.grad([lp], list(variables.values()))
        for k, g in zip(variables, grads):
            out['{}/grad_log_prob/{}'.format(name, k)] = g.array
        if name in PAIRS:
            q_params = second_params(name, params)
            for k, v in q_params.items():
                out['{}/q_param/{}'.format(name, k)] = v
            kl = chainer.kl_divergence(cls(**params), cls(**q_params))
            out['{}/kl'.format(name)] = kl.array
    # the special functions, with their first and second derivatives (sum of outputs)
    xs = {'lgamma': u(0.2, 6, 5), 'digamma': u(0.2, 6, 5), 'erfinv': u(-0.9, 0.9, 5),
          'erfcinv': u(0.1, 1.9, 5), 'erfcx': u(-2, 4, 5), 'ndtr': u(-4, 4, 5),
          'ndtri': u(0.1, 0.9, 5), 'log_ndtr': u(-6, 4, 5), 'log1p': u(-0.5, 2, 5),
          'expm1': u(-2, 2, 5)}
    for fname, v in xs.items():
        xv = chainer.Variable(v)
        y = getattr(F, fname)(xv)
        g, = chainer.grad([F.sum(y)], [xv], enable_double_backprop=True)
        gg, = chainer.grad([F.sum(g)], [xv])
        out['special/{}/x'.format(fname)] = v
        out['special/{}/y'.format(fname)] = y.array
        out['special/{}/gx'.format(fname)] = g.array
        out['special/{}/ggx'.format(fname)] = gg.array
    n = numpy.array([0, 1, 2, 3, 1], numpy.int32)
    v = u(0.5, 6, 5)
    out['special/polygamma/n'] = n
    out['special/polygamma/x'] = v
    out['special/polygamma/y'] = F.polygamma(n, v).array
    zx, zq = u(1.5, 4, 5), u(0.5, 5, 5)
    out['special/zeta/x'] = zx
    out['special/zeta/q'] = zq
    out['special/zeta/y'] = F.zeta(zx, zq).array
    numpy.savez(path, **out)


if __name__ == '__main__':
    main(sys.argv[1])
