"""Sparse matrices in COO format (``chainer.utils.sparse``) for
:func:`kusari.functions.sparse_matmul`.

A :class:`CooMatrix` holds ``data`` (a Variable, so that gradients reach the non-zero
entries), ``row`` and ``col`` (int32 index arrays) and the dense ``shape``. Batched matrices
have 2-D ``data`` / ``row`` / ``col`` of shape ``(batch, ldnz)``; entries with a negative
index are padding and ignored.
"""
import numpy

from kusari import backend


class CooMatrix:
    """A sparse matrix (or a batch of them) in COO format.

    Parameters
    ----------
    data : array
        The entries, shape ``(nnz,)`` or ``(batch, nnz)``.
    row, col : array
        Their row and column indices, same shape as ``data`` (negative: padding).
    shape : tuple of int
        The dense shape ``(rows, cols)`` of each matrix, both positive.
    order : {'C', 'F', 'other', None}
        ``'C'`` if the entries are sorted by row (then column), ``'F'`` by column (then row);
        None finds out with :func:`get_order`. A hint for the GPU kernels.
    requires_grad : bool
        Whether gradients flow to ``data``.

    Raises
    ------
    ValueError
        If ``data`` is not 1-D or 2-D, ``row``/``col`` have another number of dimensions,
        ``shape`` is not two positive ints, or ``order`` is not one of the four values.
    """

    def __init__(self, data, row, col, shape, order=None, requires_grad=False):
        if not 1 <= data.ndim <= 2:
            raise ValueError('CooMatrix: ndim of data must be 1 or 2, got {}'.format(data.ndim))
        if not data.ndim == row.ndim == col.ndim:
            raise ValueError('CooMatrix: ndim of data, row and col must be the same, got {}, '
                             '{} and {}'.format(data.ndim, row.ndim, col.ndim))
        if len(shape) != 2:
            raise ValueError('CooMatrix: length of shape must be 2, got {}'.format(shape))
        if not (shape[0] > 0 and shape[1] > 0):
            raise ValueError('CooMatrix: numbers in shape must be greater than 0, got {}'
                             .format(shape))
        if order not in ('C', 'F', 'other', None):
            raise ValueError("CooMatrix: order must be 'C', 'F', 'other' or None, got {!r}"
                             .format(order))
        from kusari.variable import Variable
        self.data = Variable(data, requires_grad=requires_grad)
        self.row = row
        self.col = col
        self.shape = tuple(shape)
        self.order = get_order(row, col) if order is None else order

    def to_dense(self):
        """The dense matrix (or batch of matrices); duplicate entries are added.

        Entries after the last non-zero one are ignored, so that padding indices never
        matter.

        Returns
        -------
        array
            Shape ``shape`` or ``(batch,) + shape``, dtype of ``data``.
        """
        data = self.data.array
        xp = backend.get_array_module(data)
        if data.ndim == 1:
            out = xp.zeros(self.shape, dtype=data.dtype)
            _scatter(xp, out, self.row, self.col, data)
        else:
            out = xp.zeros((data.shape[0],) + self.shape, dtype=data.dtype)
            for i in range(data.shape[0]):
                _scatter(xp, out[i], self.row[i], self.col[i], data[i])
        return out


def _scatter(xp, out, row, col, data):
    if data.size == 0:
        return
    nz = (data != 0)[::-1]
    last = data.size - int(nz.argmax()) if bool(nz.any()) else 0
    if last == 0:
        return
    row, col, data = row[:last], col[:last], data[:last]
    if xp is numpy:
        numpy.add.at(out, (row, col), data)
    else:
        import cupyx
        cupyx.scatter_add(out, (row, col), data)


def to_coo(x, ldnz=None, requires_grad=False):
    """The COO form of a dense matrix or a batch of them.

    Parameters
    ----------
    x : array
        Shape ``(rows, cols)`` or ``(batch, rows, cols)``.
    ldnz : int, optional
        Length of the index arrays: at least the number of non-zeros (of the fullest matrix
        in a batch); the rest is padding (``row = col = -1``, ``data = 0``).
    requires_grad : bool
        Whether gradients flow to the entries.

    Returns
    -------
    CooMatrix
        ``data``, ``row`` and ``col`` of shape ``(ldnz,)`` or ``(batch, ldnz)``, entries in
        row-major order.

    Raises
    ------
    ValueError
        If ``x`` is not 2-D or 3-D.

    >>> import numpy, kusari
    >>> m = kusari.utils.to_coo(numpy.array([[0., 2., 0.], [-1., 0., 0.]], numpy.float32))
    >>> m.data.array, m.row, m.col
    (array([ 2., -1.], dtype=float32), array([0, 1], dtype=int32), array([1, 0], dtype=int32))
    """
    xp = backend.get_array_module(x)
    if x.ndim == 2:
        row, col = xp.nonzero(x)
        nnz = len(row)
        if ldnz is None or ldnz < nnz:
            ldnz = nnz
        data = xp.zeros(ldnz, dtype=x.dtype)
        rows = xp.full(ldnz, -1, dtype=numpy.int32)
        cols = xp.full(ldnz, -1, dtype=numpy.int32)
        data[:nnz] = x[row, col]
        rows[:nnz] = row
        cols[:nnz] = col
        return CooMatrix(data, rows, cols, x.shape, requires_grad=requires_grad)
    if x.ndim == 3:
        nb = x.shape[0]
        need = max([int(xp.count_nonzero(x[i])) for i in range(nb)] or [0])
        ldnz = need if ldnz is None else max(ldnz, need)
        data = xp.empty((nb, ldnz), dtype=x.dtype)
        rows = xp.empty((nb, ldnz), dtype=numpy.int32)
        cols = xp.empty((nb, ldnz), dtype=numpy.int32)
        for i in range(nb):
            m = to_coo(x[i], ldnz)
            data[i] = m.data.array
            rows[i] = m.row
            cols[i] = m.col
        return CooMatrix(data, rows, cols, x.shape[1:], requires_grad=requires_grad)
    raise ValueError('to_coo: ndim of x must be 2 or 3, got {}'.format(x.ndim))


def get_order(row, col):
    """Whether COO indices are sorted by row (``'C'``), by column (``'F'``), or neither.

    Padding entries (negative indices) are skipped. Batched (2-D) indices are ``'C'`` only
    if every matrix of the batch is.

    Parameters
    ----------
    row, col : array
        The row and column indices, of one shape.

    Returns
    -------
    str
        ``'C'``, ``'F'`` or ``'other'``.

    Raises
    ------
    ValueError
        If ``row`` and ``col`` differ in shape, or one index of an entry is negative and the
        other is not.
    """
    if _is_c_order(row, col):
        return 'C'
    if _is_c_order(col, row):
        return 'F'
    return 'other'


def _is_c_order(row, col):
    """Row-major order: rows non-decreasing, and columns non-decreasing within a row."""
    if row.shape != col.shape:
        raise ValueError('get_order: shape of row and col must be the same, got {} and {}'
                         .format(row.shape, col.shape))
    if row.ndim != 1:
        return all(_is_c_order(row[i], col[i]) for i in range(row.shape[0]))
    r = row[col >= 0]
    c = col[row >= 0]
    if bool((r < 0).any()) or bool((c < 0).any()):
        raise ValueError('get_order: invalid index combination of row and col (an entry has '
                         'one negative index and one non-negative)')
    if r.shape[0] <= 1:
        return True
    dr = r[1:] - r[:-1]
    if bool((dr < 0).any()):
        return False
    dc = c[1:] - c[:-1]
    return not bool(((dc < 0) & (dr == 0)).any())
