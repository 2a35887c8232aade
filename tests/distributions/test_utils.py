import numpy
import pytest

import kusari
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
