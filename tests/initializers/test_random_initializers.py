"""The random initializers: ``rng=``, Orthogonal's modes, shapes and errors."""
import numpy
import pytest

from kusari import initializers

_RANDOM = [initializers.Normal, initializers.LeCunNormal, initializers.GlorotNormal,
           initializers.HeNormal, initializers.Uniform, initializers.LeCunUniform,
           initializers.GlorotUniform, initializers.HeUniform, initializers.Orthogonal]


@pytest.mark.parametrize('cls', _RANDOM)
@pytest.mark.parametrize('rng_kind', ['RandomState', 'Generator'])
def test_rng_makes_draws_reproducible(cls, rng_kind):
    def rng():
        return (numpy.random.RandomState(3) if rng_kind == 'RandomState'
                else numpy.random.default_rng(3))

    a, b = numpy.empty((4, 6), numpy.float32), numpy.empty((4, 6), numpy.float32)
    cls(rng=rng())(a)
    numpy.random.seed(99)      # the global state plays no part
    cls(rng=rng())(b)
    numpy.testing.assert_array_equal(a, b)
    c = numpy.empty((4, 6), numpy.float32)
    cls(rng=numpy.random.RandomState(4))(c)
    assert not numpy.array_equal(a, c)


@pytest.mark.parametrize('cls', _RANDOM)
def test_unknown_keyword(cls):
    with pytest.raises(TypeError, match=r"got unexpected keyword argument\(s\) 'seed'"):
        cls(seed=1)


@pytest.mark.parametrize('cls, gain, fan', [
    (initializers.LeCunNormal, 1.0, 'in'), (initializers.GlorotNormal, 2.0, 'sum'),
    (initializers.HeNormal, 2.0, 'in')])
def test_normal_spread(cls, gain, fan):
    w = numpy.empty((200, 300))
    cls(scale=2.0, rng=numpy.random.RandomState(0))(w)
    n = {'in': 300, 'sum': 500}[fan]
    numpy.testing.assert_allclose(w.std(), 2.0 * numpy.sqrt(gain / n), rtol=0.02)


@pytest.mark.parametrize('shape', [(3, 5), (5, 3), (4, 4), (2, 3, 2), (6, 1, 2)])
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_orthogonal_rows_or_columns(shape, dtype):
    w = numpy.empty(shape, dtype)
    initializers.Orthogonal(scale=2.0)(w)
    m = w.reshape(shape[0], -1).astype(numpy.float64)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    numpy.testing.assert_allclose(gram, 4.0 * numpy.eye(len(gram)), atol=1e-5)


def test_orthogonal_modes_and_special_shapes():
    initializers.Orthogonal(mode='projection')(numpy.empty((2, 3)))
    with pytest.raises(ValueError, match='cannot make an orthogonal projection'):
        initializers.Orthogonal(mode='projection')(numpy.empty((3, 2)))
    initializers.Orthogonal(mode='embedding')(numpy.empty((3, 2)))
    with pytest.raises(ValueError, match='cannot make an orthogonal embedding'):
        initializers.Orthogonal(mode='embedding')(numpy.empty((2, 3)))
    initializers.Orthogonal(mode='basis')(numpy.empty((3, 3)))
    with pytest.raises(ValueError, match='cannot make an orthogonal basis'):
        initializers.Orthogonal(mode='basis')(numpy.empty((2, 3)))
    with pytest.raises(ValueError, match="invalid mode 'x'"):
        initializers.Orthogonal(mode='x')
    with pytest.raises(ValueError, match='must be non-empty'):
        initializers.Orthogonal()(numpy.empty(0))
    w = numpy.empty(())
    initializers.Orthogonal(scale=3.0)(w)
    assert abs(float(w)) == 3.0


def test_generate_array_device_must_match_xp():
    a = initializers.generate_array(initializers.One(), (2,), numpy, device='@numpy')
    numpy.testing.assert_array_equal(a, [1, 1])

    class FakeXp:
        __name__ = 'fake'

    with pytest.raises(ValueError, match='inconsistent'):
        initializers.generate_array(initializers.One(), (2,), FakeXp(), device='@numpy')


def test_check_is_initializer_like():
    for ok in (None, initializers.One(), lambda a: None, numpy.ones(2), 1.5):
        initializers._check_is_initializer_like(ok)
    with pytest.raises(TypeError, match='Initializer is of wrong type'):
        initializers._check_is_initializer_like({'value': 1})
