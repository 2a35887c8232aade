"""sparse_matmul: products of COO sparse matrices and dense ones, differentiable to every
order.

``CooMatMul`` computes ``op_c(op_a(S) @ op_b(D))`` for a sparse ``S`` (its non-zero values
are the first input, the indices are fixed) and a dense ``D``; ``CooMatMulGradSP`` computes
the entries of a dense product at the sparse positions. Each is bilinear and the derivative
of either is the other one with transposition flags changed, so every order is exact.
The CPU path is NumPy only (no SciPy needed); padding entries (negative indices) are
skipped.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _check_indices(row, col, shape):
    if row.ndim != col.ndim:
        raise ValueError('ndim of sp_row and sp_col must be the same, got {} and {}'.format(
            row.ndim, col.ndim))
    if row.ndim not in (1, 2):
        raise ValueError('ndim of sp_row and sp_col must be one or two, got {}'.format(row.ndim))
    if row.shape != col.shape:
        raise ValueError('shape of sp_row and sp_col must be the same, got {} and {}'.format(
            row.shape, col.shape))
    if len(shape) != 2:
        raise ValueError('len(sp_shape) must be two, got {}'.format(shape))


def _flat_indices(xp, row, col, stride):
    """The valid entries (both indices >= 0) as flat indices ``batch * stride + row`` and
    their columns, plus the mask of valid entries."""
    valid = (row >= 0) & (col >= 0)
    if row.ndim == 2:
        batch = xp.arange(row.shape[0], dtype=numpy.int64)[:, None]
        flat_row = batch * stride + row
        return flat_row[valid], col[valid], batch, valid
    return row[valid].astype(numpy.int64), col[valid], None, valid


def _coo_matmul(data, row, col, shape, dense, transa, transb, transc, dtype):
    """``op_c(op_a(S) @ op_b(D))`` with ``S`` the sparse matrix (or batch) of ``data``."""
    xp = backend.get_array_module(data, dense)
    if dtype is None:
        dtype = numpy.result_type(data.dtype, dense.dtype)
    acc = numpy.float32 if dtype == numpy.float16 else dtype
    if transa:
        row, col = col, row
        shape = (shape[1], shape[0])
    b = dense.swapaxes(-1, -2) if transb else dense
    m, n = shape[0], b.shape[-1]
    nb = data.shape[0] if data.ndim == 2 else 1
    flat_row, cols, batch, valid = _flat_indices(xp, row, col, m)
    if data.ndim == 2:
        bb = b.reshape(-1, n)   # (nb * k, n)
        flat_col = (batch * b.shape[-2] + col)[valid]
        rows_of_b = bb[flat_col]
    else:
        rows_of_b = b[cols]
    contrib = data[valid].astype(acc)[:, None] * rows_of_b.astype(acc)
    out = xp.zeros((nb * m, n), dtype=acc)
    if xp is numpy:
        numpy.add.at(out, flat_row, contrib)
    else:
        import cupyx

        from kusari.utils.nondeterministic import nondeterministic
        nondeterministic('atomicAdd')
        cupyx.scatter_add(out, flat_row, contrib)
    out = out.reshape((nb, m, n) if data.ndim == 2 else (m, n))
    if transc:
        out = out.swapaxes(-1, -2)
    return xp.ascontiguousarray(out).astype(dtype, copy=False)


def _coo_matmul_gradsp(a, b, row, col, transa, transb, transc, dtype):
    """The entries of ``op_a(a) @ op_b(b)`` at the sparse positions (``(col, row)`` with
    ``transc``); zero at padding entries."""
    xp = backend.get_array_module(a, b)
    if dtype is None:
        dtype = numpy.result_type(a.dtype, b.dtype)
    acc = numpy.float32 if dtype == numpy.float16 else dtype
    A = a.swapaxes(-1, -2) if transa else a
    B = b.swapaxes(-1, -2) if transb else b
    if transc:
        row, col = col, row
    valid = (row >= 0) & (col >= 0)
    out = xp.zeros(row.shape, dtype=acc)
    if a.ndim == 2:
        r, c = row[valid], col[valid]
        out[valid] = (A[r].astype(acc) * B[:, c].T.astype(acc)).sum(axis=-1)
    else:
        batch = xp.broadcast_to(xp.arange(row.shape[0])[:, None], row.shape)[valid]
        r, c = row[valid], col[valid]
        out[valid] = (A[batch, r].astype(acc) * B[batch, :, c].astype(acc)).sum(axis=-1)
    return out.astype(dtype, copy=False)


class _CooNode(FunctionNode):
    """What :class:`CooMatMul` and :class:`CooMatMulGradSP` both keep: the fixed indices and
    shape of the sparse matrix, the transposition flags and the result's dtype."""

    def __init__(self, sp_row, sp_col, sp_shape, sp_order='other', transa=False, transb=False,
                 transc=False, dtype=None):
        _check_indices(sp_row, sp_col, sp_shape)
        self.sp_row = sp_row
        self.sp_col = sp_col
        self.sp_shape = tuple(sp_shape)
        self.sp_order = sp_order
        self.transa = transa
        self.transb = transb
        self.transc = transc
        self.dtype = dtype


class CooMatMul(_CooNode):
    """``op_c(op_a(S) @ op_b(D))``; inputs ``(S.data, D)``.

    Parameters
    ----------
    sp_row, sp_col : array
        The indices of ``S``'s entries, shape ``(nnz,)`` or ``(batch, nnz)``.
    sp_shape : tuple of int
        The dense shape of ``S``.
    sp_order : str
        ``'C'``, ``'F'`` or ``'other'`` (a hint; unused on the CPU).
    transa, transb, transc : bool
        Transpose ``S``, ``D`` or the product.
    dtype : dtype, optional
        Of the result (the promoted input dtype when None).
    """

    def _check_data_type_forward(self, in_data):
        sp, dn = in_data
        label = self.label
        type_check.check_float(label, 'sp', sp)
        type_check.check_float(label, 'dn', dn)
        if not 2 <= dn.ndim <= 3:
            type_check.fail(label, '2 <= dn.ndim <= 3', 'dn.ndim={}'.format(dn.ndim))
        if sp.ndim != dn.ndim - 1:
            type_check.fail(label, 'sp.ndim == dn.ndim - 1',
                            '{} != {} - 1'.format(sp.ndim, dn.ndim))
        if sp.shape[-1] != self.sp_row.shape[-1]:
            type_check.fail(label, 'sp.shape[-1] == sp_row.shape[-1]',
                            '{} != {}'.format(sp.shape[-1], self.sp_row.shape[-1]))
        k_sp = self.sp_shape[0 if self.transa else 1]
        k_dn = dn.shape[-1 if self.transb else -2]
        if k_sp != k_dn:
            type_check.fail(label, 'the inner sizes of op(sp) and op(dn) agree',
                            '{} != {} (sp_shape={}, dn.shape={})'.format(
                                k_sp, k_dn, self.sp_shape, dn.shape))
        if dn.ndim == 3 and not (sp.shape[0] == dn.shape[0] == self.sp_row.shape[0]):
            type_check.fail(label, 'sp.shape[0] == dn.shape[0] == sp_row.shape[0]',
                            '{}, {}, {}'.format(sp.shape[0], dn.shape[0],
                                                self.sp_row.shape[0]))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        sp, dn = inputs
        return _coo_matmul(sp, self.sp_row, self.sp_col, self.sp_shape, dn, self.transa,
                           self.transb, self.transc, self.dtype),

    def backward(self, indexes, grad_outputs):
        sp, dn = self.get_retained_inputs()
        gc, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(CooMatMulGradSP(
                self.sp_row, self.sp_col, self.sp_shape, self.sp_order, self.transc,
                not self.transb, self.transa, dtype=sp.dtype).apply((gc, dn))[0])
        if 1 in indexes:
            ret.append(CooMatMul(
                self.sp_row, self.sp_col, self.sp_shape, self.sp_order, not self.transa,
                self.transc, self.transb, dtype=dn.dtype).apply((sp, gc))[0])
        return tuple(ret)


class CooMatMulGradSP(_CooNode):
    """The entries of ``op_a(a) @ op_b(b)`` at the positions of a sparse matrix (transposed
    positions with ``transc``); inputs ``(a, b)``, dense. Parameters as :class:`CooMatMul`
    (``sp_shape`` is the shape of the product)."""

    def _check_data_type_forward(self, in_data):
        a, b = in_data
        label = self.label
        type_check.check_float(label, 'a', a)
        type_check.check_float(label, 'b', b)
        if not 2 <= a.ndim <= 3 or a.ndim != b.ndim:
            type_check.fail(label, '2 <= a.ndim == b.ndim <= 3',
                            'a.ndim={}, b.ndim={}'.format(a.ndim, b.ndim))
        am, ak = (-1, -2) if self.transa else (-2, -1)
        bk, bn = (-1, -2) if self.transb else (-2, -1)
        sm, sn = (1, 0) if self.transc else (0, 1)
        if not (a.shape[am] == self.sp_shape[sm] and b.shape[bn] == self.sp_shape[sn]
                and a.shape[ak] == b.shape[bk]):
            type_check.fail(label, 'op(a) @ op(b) has the shape of the sparse matrix',
                            'a.shape={}, b.shape={}, sp_shape={}'.format(
                                a.shape, b.shape, self.sp_shape))
        if a.ndim == 3 and not (a.shape[0] == b.shape[0] == self.sp_row.shape[0]):
            type_check.fail(label, 'a.shape[0] == b.shape[0] == sp_row.shape[0]',
                            '{}, {}, {}'.format(a.shape[0], b.shape[0], self.sp_row.shape[0]))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        return _coo_matmul_gradsp(a, b, self.sp_row, self.sp_col, self.transa, self.transb,
                                  self.transc, self.dtype),

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gsp, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(CooMatMul(
                self.sp_row, self.sp_col, self.sp_shape, self.sp_order, self.transc,
                not self.transb, self.transa, dtype=a.dtype).apply((gsp, b))[0])
        if 1 in indexes:
            ret.append(CooMatMul(
                self.sp_row, self.sp_col, self.sp_shape, self.sp_order, not self.transc,
                self.transa, not self.transb, dtype=b.dtype).apply((gsp, a))[0])
        return tuple(ret)


def sparse_matmul(a, b, transa=False, transb=False):
    """Batched product of a sparse and a dense matrix (in either order).

    One of ``a`` and ``b`` is a :class:`~kusari.utils.CooMatrix` (see
    :func:`~kusari.utils.to_coo`), the other a dense Variable or array. Gradients flow to the
    dense operand and to the sparse operand's ``data`` (its non-zero values).

    Parameters
    ----------
    a : CooMatrix, Variable or array
        ``(M, K)`` or ``(B, M, K)`` (``(K, M)`` / ``(B, K, M)`` with ``transa``).
    b : CooMatrix, Variable or array
        ``(K, N)`` or ``(B, K, N)`` (transposed with ``transb``).
    transa, transb : bool
        Transpose each matrix of ``a`` / ``b`` first.

    Returns
    -------
    Variable
        ``(M, N)`` or ``(B, M, N)``; the promoted dtype of the two operands.

    Raises
    ------
    ValueError
        Unless exactly one operand is a CooMatrix and the other dense.

    >>> import numpy, kusari, kusari.functions as F
    >>> s = kusari.utils.to_coo(numpy.array([[0., 2.], [1., 0.]]))
    >>> F.sparse_matmul(s, numpy.array([[1., 2.], [3., 4.]])).array
    array([[6., 8.],
           [1., 2.]])
    """
    from kusari.utils.sparse import CooMatrix
    from kusari.variable import Variable

    def dense(v):
        return isinstance(v, (Variable, numpy.ndarray)) or backend._is_cupy_array(v)

    if isinstance(a, CooMatrix) and dense(b):
        return CooMatMul(a.row, a.col, a.shape, a.order, transa=transa, transb=transb,
                         transc=False).apply((a.data, b))[0]
    if dense(a) and isinstance(b, CooMatrix):
        return CooMatMul(b.row, b.col, b.shape, b.order, transa=not transb,
                         transb=not transa, transc=True).apply((b.data, a))[0]
    raise ValueError('sparse_matmul: one operand must be a CooMatrix and the other a dense '
                     'Variable or array; got a: {} and b: {}'.format(type(a), type(b)))
