import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing, utils
from kusari.functions.math.sparse_matmul import CooMatMul, CooMatMulGradSP
from kusari.utils.type_check import InvalidType


def _sparse(rng, shape, keep=0.5):
    a = rng.uniform(0.5, 1.5, shape) * rng.choice([-1, 1], shape)
    a[rng.uniform(0, 1, shape) > keep] = 0
    return a


def _op(a, trans):
    return a.swapaxes(-1, -2) if trans else a


class TestCooMatMul(testing.FunctionTestCase):
    """The sparse operand's non-zero values and the dense operand both get gradients."""
    params = testing.product({'nbatch': [0, 2], 'transa': [False, True],
                              'transb': [False, True]})
    check_order3 = True
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def _shape(self, shape, trans):
        shape = shape[::-1] if trans else shape
        return ((self.nbatch,) if self.nbatch else ()) + shape

    def generate_inputs(self):
        rng = numpy.random.default_rng(5)
        self.dense_a = _sparse(rng, self._shape((3, 4), self.transa))
        self.coo = utils.to_coo(self.dense_a, ldnz=self.dense_a[..., :, :].size // 2 + 2)
        return self.coo.data.array.astype(numpy.float64), self.uniform(
            -1, 1, self._shape((4, 2), self.transb))

    def forward(self, inputs, device):
        c = self.coo
        return CooMatMul(c.row, c.col, c.shape, c.order, self.transa, self.transb).apply(
            inputs)[0],

    def forward_expected(self, inputs):
        data, b = inputs
        a = utils.CooMatrix(data, self.coo.row, self.coo.col, self.coo.shape).to_dense()
        return _op(a, self.transa) @ _op(b, self.transb),


class TestCooMatMulGradSP(testing.FunctionTestCase):
    """Entries of a dense product at sparse positions (the gradient of the sparse values)."""
    params = testing.product({'nbatch': [0, 2], 'transc': [False, True]})
    check_order3 = True
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def generate_inputs(self):
        rng = numpy.random.default_rng(6)
        lead = (self.nbatch,) if self.nbatch else ()
        pattern = _sparse(rng, lead + ((2, 3) if self.transc else (3, 2)))
        self.coo = utils.to_coo(pattern, ldnz=8)
        return self.uniform(-1, 1, lead + (3, 4)), self.uniform(-1, 1, lead + (4, 2))

    def forward(self, inputs, device):
        c = self.coo
        return CooMatMulGradSP(c.row, c.col, c.shape, c.order, False, False,
                               self.transc).apply(inputs)[0],

    def forward_expected(self, inputs):
        prod = inputs[0] @ inputs[1]
        row, col = self.coo.row, self.coo.col
        if self.transc:
            row, col = col, row
        out = numpy.zeros(row.shape)
        for idx in numpy.ndindex(*row.shape):
            if row[idx] >= 0:
                out[idx] = prod[idx[:-1] + (row[idx], col[idx])]
        return out,


@pytest.mark.parametrize('nbatch', [0, 3])
@pytest.mark.parametrize('transa', [False, True])
@pytest.mark.parametrize('transb', [False, True])
def test_sparse_matmul_both_orders(nbatch, transa, transb):
    rng = numpy.random.default_rng(0)
    lead = (nbatch,) if nbatch else ()
    s = _sparse(rng, lead + ((4, 3) if transa else (3, 4)))
    d = rng.uniform(-1, 1, lead + ((2, 4) if transb else (4, 2)))
    y = F.sparse_matmul(utils.to_coo(s), d, transa=transa, transb=transb)
    numpy.testing.assert_allclose(y.array, _op(s, transa) @ _op(d, transb), atol=1e-12)
    k = _op(s, transb).shape[-2]
    e = rng.uniform(-1, 1, lead + ((k, 5) if transa else (5, k)))
    z = F.sparse_matmul(e, utils.to_coo(s), transa=transa, transb=transb)
    numpy.testing.assert_allclose(z.array, _op(e, transa) @ _op(s, transb), atol=1e-12)


def test_sparse_matmul_promotes_dtypes_and_reaches_the_values():
    a = numpy.array([[0.0, 2.0], [1.0, 0.0]], numpy.float16)
    coo = utils.to_coo(a, requires_grad=True)
    b = kusari.Variable(numpy.array([[1.0, 2.0], [3.0, 4.0]]))
    y = F.sparse_matmul(coo, b)
    assert y.dtype == numpy.float64
    F.sum(y).backward()
    assert coo.data.grad.dtype == numpy.float16
    numpy.testing.assert_array_equal(coo.data.grad, [7.0, 3.0])   # rows of b summed
    numpy.testing.assert_array_equal(b.grad, [[1.0, 1.0], [2.0, 2.0]])


def test_sparse_matmul_errors():
    coo = utils.to_coo(numpy.eye(3))
    with pytest.raises(ValueError, match='one operand must be a CooMatrix'):
        F.sparse_matmul(numpy.ones((3, 3)), numpy.ones((3, 3)))
    with pytest.raises(InvalidType, match=r'(?s)CooMatMul.*inner sizes'):
        F.sparse_matmul(coo, numpy.ones((2, 3)))
    with pytest.raises(InvalidType, match=r'(?s)CooMatMul.*sp.ndim == dn.ndim - 1'):
        F.sparse_matmul(coo, numpy.ones((1, 3, 3)))
    with pytest.raises(ValueError, match='ndim of sp_row and sp_col must be the same'):
        CooMatMul(numpy.zeros(2, numpy.int32), numpy.zeros((1, 2), numpy.int32), (2, 2))
    with pytest.raises(ValueError, match='len\\(sp_shape\\) must be two'):
        CooMatMul(numpy.zeros(2, numpy.int32), numpy.zeros(2, numpy.int32), (2,))


def test_sparse_index_errors_name_the_argument():
    i2 = numpy.zeros(2, numpy.int32)
    with pytest.raises(ValueError, match='ndim of sp_row and sp_col must be one or two, got 3'):
        CooMatMul(numpy.zeros((1, 1, 2), numpy.int32), numpy.zeros((1, 1, 2), numpy.int32),
                  (2, 2))
    with pytest.raises(ValueError, match=r'shape of sp_row and sp_col must be the same, '
                                         r'got \(2,\) and \(3,\)'):
        CooMatMulGradSP(i2, numpy.zeros(3, numpy.int32), (2, 2))
    with pytest.raises(ValueError, match='len\\(sp_shape\\) must be two'):
        CooMatMulGradSP(i2, i2, (2, 2, 2))


def test_coo_matmul_input_errors():
    row = col = numpy.array([0, 1], numpy.int32)
    node = CooMatMul(row, col, (2, 2))
    with pytest.raises(InvalidType, match=r"(?s)CooMatMul.*sp.dtype.kind == 'f'"):
        node.apply((numpy.ones(2, numpy.int32), numpy.ones((2, 2))))
    with pytest.raises(InvalidType, match=r'(?s)CooMatMul.*2 <= dn.ndim <= 3.*dn.ndim=1'):
        CooMatMul(row, col, (2, 2)).apply((numpy.ones(2), numpy.ones(2)))
    with pytest.raises(InvalidType, match=r'(?s)CooMatMul.*sp.shape\[-1\] == sp_row.shape\[-1\]'):
        CooMatMul(row, col, (2, 2)).apply((numpy.ones(3), numpy.ones((2, 2))))
    brow = bcol = numpy.array([[0, 1], [1, 0]], numpy.int32)
    with pytest.raises(InvalidType,
                       match=r'(?s)CooMatMul.*sp.shape\[0\] == dn.shape\[0\] == sp_row.shape\[0\]'):
        CooMatMul(brow, bcol, (2, 2)).apply((numpy.ones((2, 2)), numpy.ones((3, 2, 2))))


def test_coo_matmul_gradsp_input_errors():
    row = col = numpy.array([0, 1], numpy.int32)
    with pytest.raises(InvalidType, match=r"(?s)CooMatMulGradSP.*b.dtype.kind == 'f'"):
        CooMatMulGradSP(row, col, (2, 2)).apply((numpy.ones((2, 2)), numpy.ones((2, 2), int)))
    with pytest.raises(InvalidType, match=r'(?s)CooMatMulGradSP.*2 <= a.ndim == b.ndim <= 3'):
        CooMatMulGradSP(row, col, (2, 2)).apply((numpy.ones((2, 2)), numpy.ones((1, 2, 2))))
    with pytest.raises(InvalidType,
                       match=r'(?s)CooMatMulGradSP.*has the shape of the sparse matrix'):
        CooMatMulGradSP(row, col, (2, 2)).apply((numpy.ones((2, 3)), numpy.ones((3, 3))))
    brow = bcol = numpy.array([[0, 1], [1, 0]], numpy.int32)
    with pytest.raises(InvalidType,
                       match=r'(?s)CooMatMulGradSP.*a.shape\[0\] == b.shape\[0\] == sp_row'):
        CooMatMulGradSP(brow, bcol, (2, 2)).apply((numpy.ones((3, 2, 2)),
                                                   numpy.ones((3, 2, 2))))
