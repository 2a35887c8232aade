"""decorrelated_batch_normalization: ZCA whitening of groups of channels by batch statistics.

Both functions are compositions of F.* (reshape, transpose, mean, matmul) and two private
nodes on small ``(groups, C, C)`` matrices:

- :class:`InvSqrtSym` ``A -> A^(-1/2)`` for symmetric positive definite ``A`` (eigendecomposition
  forward). With ``P = A^(-1/2)`` and ``S = A P = A^(1/2)``, ``dP = -P dS P`` and
  ``S dS + dS S = dA``, so the backward is ``gA = -sylv(S, P gP P)``, written with
  ``F.matmul`` and
- :class:`SymSylvester` ``(S, C) -> X`` solving ``S X + X S = C`` (``S`` symmetric positive
  definite), whose gradients are again Sylvester solutions: with ``Y = sylv(S, gX)``,
  ``gC = Y`` and ``gS = -(Y X^T + X^T Y)``.

Both backwards are F.* of the nodes themselves, so every order of derivative is exact, and
none of them divides by a difference of eigenvalues: repeated eigenvalues (a batch smaller than
the group) are harmless, unlike the usual ``1 / (w_i - w_j)`` formula of an eigendecomposition's
gradient. Chainer 7.8.1 implements first order only.
"""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import as_variable


def _eigh(a):
    """Batched ``eigh`` of symmetric matrices (float16 computed in float32)."""
    xp = backend.get_array_module(a)
    dtype = a.dtype
    if dtype == numpy.float16:
        a = a.astype(numpy.float32)
    a = (a + a.swapaxes(-1, -2)) / 2
    try:
        w, v = xp.linalg.eigh(a)
    except ValueError:          # an array library without batched eigh
        pairs = [xp.linalg.eigh(m) for m in a]
        w, v = xp.stack([p[0] for p in pairs]), xp.stack([p[1] for p in pairs])
    return w, v


class InvSqrtSym(FunctionNode):
    """``A^(-1/2)`` of a batch ``(..., n, n)`` of symmetric positive definite matrices."""

    def forward(self, inputs):
        a, = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        w, v = _eigh(a)
        p = (v * (w ** -0.5)[..., None, :]) @ v.swapaxes(-1, -2)
        return p.astype(a.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.basic_math import matmul
        a, = self.get_retained_inputs()
        p, = self.get_retained_outputs()
        gp, = grad_outputs
        s = matmul(a, p)                       # A^(1/2)
        return -sym_sylvester(s, matmul(matmul(p, gp), p)),


class SymSylvester(FunctionNode):
    """``X`` with ``S X + X S = C`` for a batch of symmetric positive definite ``S``."""

    def forward(self, inputs):
        s, c = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        w, u = _eigh(s)
        ct = u.swapaxes(-1, -2) @ c.astype(u.dtype, copy=False) @ u
        x = u @ (ct / (w[..., :, None] + w[..., None, :])) @ u.swapaxes(-1, -2)
        return x.astype(c.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.basic_math import matmul
        s, = self.get_retained_inputs()
        x, = self.get_retained_outputs()
        gx, = grad_outputs
        y = sym_sylvester(s, gx)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(-(matmul(y, x, transb=True) + matmul(x, y, transa=True)))
            else:
                ret.append(y)
        return tuple(ret)


def sym_sylvester(s, c):
    """The solution ``X`` of ``S X + X S = C`` (``S`` symmetric positive definite)."""
    return SymSylvester().apply((s, c))[0]


def _check_x(label, x, groups):
    if not config.type_check:
        return
    type_check.check_float(label, 'x', x)
    if x.ndim < 2:
        type_check.fail(label, 'x.ndim >= 2', 'x.shape={}'.format(x.shape))
    if x.shape[1] % groups != 0:
        type_check.fail(label, 'x.shape[1] % groups == 0',
                        'x.shape[1]={}, groups={}'.format(x.shape[1], groups))


def _to_groups(x, groups):
    """``(N, c, *spatial)`` to ``(groups, c // groups, N * prod(spatial))``."""
    from kusari.functions.array.reshape import reshape
    from kusari.functions.array.transpose import transpose
    axes = (1, 0) + tuple(range(2, x.ndim))
    return reshape(transpose(x, axes), (groups, x.shape[1] // groups, -1))


def _from_groups(y, x_shape):
    from kusari.functions.array.reshape import reshape
    from kusari.functions.array.transpose import transpose
    axes = (1, 0) + tuple(range(2, len(x_shape)))
    return transpose(reshape(y, (x_shape[1], x_shape[0]) + tuple(x_shape[2:])), axes)


def decorrelated_batch_normalization(x, *, groups=16, eps=2e-5, running_mean=None,
                                     running_projection=None, decay=0.9):
    """Decorrelated batch normalization: ZCA whitening by batch statistics.

    The channels are split into ``groups`` groups of ``C = c / groups``; within each group the
    ``C``-vectors at all batch and spatial positions (``m`` of them) are centred and multiplied
    by ``Sigma^(-1/2)``, ``Sigma = x_c x_c^T / m + eps I``, so that the output has zero mean and
    identity covariance (Huang et al., 2018). Differentiable to every order.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, c, ...)``, float, ``c`` divisible by ``groups``.
    groups : int
        The number of channel groups whitened separately.
    eps : float
        Added to the diagonal of each covariance.
    running_mean : array, optional
        ``(groups, C)``: updated in place to ``decay * running_mean + (1 - decay) * mean``.
    running_projection : array, optional
        ``(groups, C, C)``: updated in place likewise with the whitening matrices times
        ``m / (m - 1)``.
    decay : float
        The decay of the running statistics.

    Returns
    -------
    Variable
        The shape and dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.random.default_rng(0).normal(size=(100, 4)).astype(numpy.float32)
    >>> y = F.decorrelated_batch_normalization(x, groups=1).array
    >>> numpy.allclose(y.T @ y / 100, numpy.eye(4), atol=1e-3)
    True
    """
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.cast import cast
    from kusari.functions.math.average import mean as _mean
    from kusari.functions.math.basic_math import matmul
    x = as_variable(x)
    _check_x('DecorrelatedBatchNormalization', x.array, groups)
    xp = backend.get_array_module(x.array)
    dtype = x.dtype
    h = cast(x, numpy.float32) if dtype == numpy.float16 else x
    xg = _to_groups(h, groups)                                  # (g, C, m)
    c, m = xg.shape[1:]
    mean = _mean(xg, axis=2, keepdims=True)
    xc = xg - broadcast_to(mean, xg.shape)
    eye = xp.eye(c, dtype=h.dtype) * h.dtype.type(eps)
    cov = matmul(xc, xc, transb=True) / h.dtype.type(m) + eye
    projection = InvSqrtSym().apply((cov,))[0]
    y = _from_groups(matmul(projection, xc), x.shape)
    if dtype == numpy.float16:
        y = cast(y, dtype)
    if running_mean is not None:
        running_mean *= decay
        running_mean += (1 - decay) * mean.array[..., 0]
    if running_projection is not None:
        adjust = m / max(m - 1., 1.)
        running_projection *= decay
        running_projection += (1 - decay) * adjust * projection.array
    return y


def fixed_decorrelated_batch_normalization(x, mean, projection, groups=16):
    """Decorrelated batch normalization with given statistics (the test mode of the link).

    ``y = projection[g] @ (x_g - mean[g])`` in each channel group ``g``, as in
    :func:`decorrelated_batch_normalization`. Differentiable to every order in ``x``, ``mean``
    and ``projection``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, c, ...)``, float, ``c`` divisible by ``groups``.
    mean : Variable or array
        ``(groups, c / groups)``, dtype of ``x``.
    projection : Variable or array
        ``(groups, c / groups, c / groups)``, dtype of ``x``.
    groups : int
        The number of channel groups.

    Returns
    -------
    Variable
        The shape and dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 4), numpy.float32)
    >>> mean = numpy.full((2, 2), 0.5, numpy.float32)
    >>> proj = numpy.tile(2 * numpy.eye(2, dtype=numpy.float32), (2, 1, 1))
    >>> F.fixed_decorrelated_batch_normalization(x, mean, proj, groups=2).array
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.]], dtype=float32)
    """
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.reshape import reshape
    from kusari.functions.math.basic_math import matmul
    x, mean, projection = as_variable(x), as_variable(mean), as_variable(projection)
    label = 'FixedDecorrelatedBatchNormalization'
    _check_x(label, x.array, groups)
    c = x.shape[1] // groups
    for name, v, shape in (('mean', mean, (groups, c)), ('projection', projection,
                                                          (groups, c, c))):
        if not config.type_check:
            break
        if v.dtype != x.dtype:
            type_check.fail(label, '{}.dtype == x.dtype'.format(name),
                            '{} != {}'.format(v.dtype, x.dtype))
        if v.shape != shape:
            type_check.fail(label, '{}.shape == {}'.format(name, shape),
                            '{}.shape={}'.format(name, v.shape))
    xg = _to_groups(x, groups)
    xc = xg - broadcast_to(reshape(mean, (groups, c, 1)), xg.shape)
    return _from_groups(matmul(projection, xc), x.shape)
