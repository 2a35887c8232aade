import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _spd(rng, n):
    a = rng.uniform(-1, 1, (n, n))
    return a @ a.T + n * numpy.eye(n)


class TestCholesky(testing.FunctionTestCase):
    """The input is symmetrized inside the test, so that the numerical gradient (which
    perturbs both triangles) matches the symmetric gradient of cholesky."""
    params = [{'n': 1}, {'n': 3}, {'n': 5}]
    check_order3 = True
    # float16 inputs are factored in float32 and rounded back
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2),
                  ('grad', 'float16'): dict(atol=5e-2, rtol=5e-2)}

    def generate_inputs(self):
        return _spd(self.rng, self.n),

    def forward(self, inputs, device):
        a, = inputs
        return F.cholesky(0.5 * (a + F.transpose(a))),

    def forward_expected(self, inputs):
        a, = inputs
        return numpy.linalg.cholesky(0.5 * (a + a.T)),


def test_cholesky_reads_the_lower_triangle_and_reconstructs():
    rng = numpy.random.default_rng(3)
    a = _spd(rng, 4)
    upper_junk = a + numpy.triu(rng.uniform(-5, 5, (4, 4)), 1)
    lo = F.cholesky(upper_junk).array
    numpy.testing.assert_allclose(lo @ lo.T, a, atol=1e-12)
    assert numpy.all(numpy.triu(lo, 1) == 0)


def test_cholesky_errors():
    with pytest.raises(InvalidType, match=r'(?s)cholesky.*a.ndim == 2'):
        F.cholesky(numpy.ones((2, 2, 2)))
    with pytest.raises(InvalidType, match=r'(?s)cholesky.*a.shape\[0\] == a.shape\[1\]'):
        F.cholesky(numpy.ones((2, 3)))
    with pytest.raises(InvalidType, match=r"a.dtype.kind == 'f'"):
        F.cholesky(numpy.eye(2, dtype=numpy.int32))
    with pytest.raises(numpy.linalg.LinAlgError, match='not positive definite'):
        F.cholesky(-numpy.eye(2))
