"""Checks shared by the distribution tests, handed to them as the ``checks`` fixture.

Statistical checks use tolerances derived from the sample size: a sample mean must lie within
``Z`` standard errors of the exact value (the standard error estimated from the same
samples), so with the fixed seed of the suite they are deterministic and a wrong moment by
a few per cent fails.
"""
import numpy
import pytest

import kusari
from kusari import gradient_check
from kusari.variable import Variable

Z = 5.0


class Checks:
    """The helpers; see each method."""

    @staticmethod
    def moments(dist, mean, variance, n=40000, z=Z):
        """Mean and variance of ``n`` draws of ``dist`` against the exact ``mean`` and
        ``variance`` (arrays of shape ``batch_shape + event_shape``)."""
        s = dist.sample(n).array.astype(numpy.float64)
        assert s.shape == (n,) + tuple(dist.batch_shape) + tuple(dist.event_shape)
        m = s.mean(axis=0)
        v = s.var(axis=0)
        se_mean = numpy.sqrt(v / n)
        numpy.testing.assert_array_less(numpy.abs(m - mean), z * se_mean + 1e-12)
        m4 = ((s - m) ** 4).mean(axis=0)
        se_var = numpy.sqrt(numpy.maximum(m4 - v * v, 0) / n)
        numpy.testing.assert_array_less(numpy.abs(v - variance), z * se_var + 1e-12)
        return s

    @staticmethod
    def kl_monte_carlo(p, q, n=40000, z=Z):
        """``kl_divergence(p, q)`` against the mean of ``log p(x) - log q(x)`` over ``n`` draws
        of ``p``, within ``z`` standard errors."""
        kl = kusari.kl_divergence(p, q).array
        assert kl.shape == tuple(p.batch_shape)
        s = p.sample(n)
        d = p.log_prob(s).array.astype(numpy.float64) - q.log_prob(s).array
        est = d.mean(axis=0)
        se = d.std(axis=0) / numpy.sqrt(n)
        numpy.testing.assert_array_less(numpy.abs(kl - est), z * se + 1e-10)

    @staticmethod
    def orders(func, inputs, order3=True, rng=None, **tol):
        """First-, second- and (``order3``) third-order numerical checks of ``func`` (Variables
        in, one Variable out) at float64 in every float input."""
        rng = numpy.random.default_rng(7) if rng is None else rng
        inputs = tuple(numpy.asarray(x, numpy.float64) for x in inputs)
        y = func(*[Variable(x) for x in inputs])
        gy = rng.standard_normal(y.shape)
        ggx = tuple(rng.standard_normal(x.shape) for x in inputs)
        gradient_check.check_backward(func, inputs, gy, **tol)
        gradient_check.check_double_backward(func, inputs, gy, ggx, **tol)
        if not order3:
            return
        n = len(inputs)

        def first(*args):
            xs, g = args[:n], args[n]
            out = func(*xs)
            gxs = kusari.grad([out], list(xs), [g], enable_double_backprop=True)
            # an input that no gradient reaches has a zero gradient (a constant of the inputs)
            return tuple(Variable(numpy.zeros_like(x.array), requires_grad=False) if gx is None
                         else gx for x, gx in zip(xs, gxs))

        all_in = inputs + (gy,)
        gggs = tuple(rng.standard_normal(x.shape) for x in all_in)
        gradient_check.check_double_backward(first, all_in, ggx, gggs, **tol)


@pytest.fixture
def checks():
    return Checks
