import numpy
import pytest

import kusari
import kusari.distributions as D
from kusari.distributions import utils


def test_modified_xlogx_values_and_orders(checks):
    x = numpy.array([0.0, 0.5, 1.0, 2.0])
    with numpy.errstate(divide='ignore', invalid='ignore'):
        want = numpy.where(x > 0, x * numpy.log(x), 0.0)
    numpy.testing.assert_allclose(utils._modified_xlogx(x).array, want)
    checks.orders(utils._modified_xlogx, (numpy.array([0.3, 1.2, 2.0]),))


def test_modified_xlogx_warns_at_zero():
    x = kusari.Variable(numpy.array([0.0, 1.0]))
    y = utils._modified_xlogx(x)
    with pytest.warns(RuntimeWarning, match='unbounded'):
        g, = kusari.grad([y], [x], [numpy.ones(2)])
    numpy.testing.assert_allclose(g.array, [0.0, 1.0])


def test_cached_property_is_read_only():
    import kusari.distributions as D
    d = D.Normal(numpy.zeros(1), numpy.ones(1))
    with pytest.raises(AttributeError, match="'loc' of Normal is read-only"):
        d.loc = numpy.zeros(1)


def test_integer_points_are_cast_to_the_parameters_dtype():
    x = utils.as_points(kusari.Variable(numpy.arange(3)), numpy.float32)
    assert x.dtype == numpy.float32 and not x.requires_grad
    assert utils.as_points(numpy.float64(1.0), numpy.float32).shape == ()


@pytest.mark.parametrize('make, names', [
    (lambda a: D.Exponential(a), ('lam',)),
    (lambda a: D.Gamma(a, a), ('k', 'theta')),
    (lambda a: D.Pareto(a, a),
     ('scale', 'alpha')),
    (lambda a: D.Laplace(a, a),
     ('loc', 'scale')),
    (lambda a: D.Bernoulli(p=a * 0.5),
     ('logit',)),
])
def test_scalar_distributions_shapes_and_params(make, names):
    d = make(numpy.full((2, 3), 1.5))
    assert d.batch_shape == (2, 3) and d.event_shape == ()
    assert tuple(d.params) == names
    assert all(isinstance(v, kusari.Variable) and v.shape == (2, 3)
               for v in d.params.values())


def test_loc_scale_sample_is_loc_plus_scale_times_the_standard_draw():
    loc = kusari.Variable(numpy.array([0.5, -1.0]))
    scale = kusari.Variable(numpy.array([2.0, 0.25]))
    for cls, draw in [(D.Normal, 'standard_normal'), (D.Cauchy, 'standard_cauchy'),
                      (D.Laplace, 'laplace'), (D.Gumbel, 'gumbel')]:
        numpy.random.seed(3)
        s = cls(loc, scale).sample(4)
        numpy.random.seed(3)
        eps = getattr(numpy.random, draw)(size=(4, 2))
        numpy.testing.assert_allclose(s.array, loc.array + scale.array * eps)
        g_loc, g_scale = kusari.grad([s], [loc, scale], [numpy.ones((4, 2))])
        numpy.testing.assert_allclose(g_loc.array, [4.0, 4.0])
        numpy.testing.assert_allclose(g_scale.array, eps.sum(axis=0))
        assert cls(loc, scale).support == 'real'
