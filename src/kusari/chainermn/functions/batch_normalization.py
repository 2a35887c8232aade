"""Batch normalization with the statistics of the global batch (all processes together).

``y = gamma * (x - mean) / sqrt(var + eps) + beta`` where ``mean`` and ``var`` are taken over
the reduced axes of the concatenation of every process's batch (the processes may hold
batches of different sizes).

Forward: each process computes its count, mean and sum of squared deviations; one
allgather of those (float64) combines them exactly as a single pass over the concatenated
batch would (Chan et al.'s pairwise update, numerically stable).

First-order backward (no double backprop): the global sums of ``gy`` and ``gy * (x - mean)``
in one all-reduce, then the closed form. ``gamma`` and ``beta`` get the gradients of *this
process's* outputs (local sums): the sum of them over the processes is the gradient of the
whole batch, which is what :meth:`multi_node_mean_grad` averages. (ChainerMN returns their
mean over the processes instead; after the optimizer's averaging both give the same update.)

Double backprop: the backward is written with differentiable functions and the
differentiable all-reduce (:func:`~kusari.chainermn.functions.collective_communication.
allreduce`), from the same per-channel formulas as single-process batch normalization,
so every order of derivative through the all-reduce is exact.
"""
import numpy

from kusari import backend
from kusari import functions as F
from kusari.chainermn.functions.collective_communication import allreduce
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.normalization import _bn_kernels as _K
from kusari.functions.normalization.batch_normalization import _check_inputs, _resolve_axis
from kusari.variable import Variable


def _as(v, dtype, shape=None):
    if v.dtype != dtype:
        v = F.cast(v, dtype)
    return v if shape is None else F.reshape(v, shape)


def _host64(a):
    """A host float64 copy of ``a``, flattened."""
    if backend._is_cupy_array(a):
        a = a.get()
    return numpy.asarray(a, dtype=numpy.float64).ravel()


class _GlobalSums:
    """The ``ops`` of the batch-normalization math with sums over every process's batch."""

    def __init__(self, comm, axis):
        self.comm = comm
        self.axis = axis

    def sum(self, a):
        return allreduce(self.comm, F.sum(a, axis=self.axis, keepdims=True))


def _merge_stats(stats):
    """Global count, mean and biased variance from per-process ``(n, mean, M2)`` rows."""
    n = stats[:, 0]
    total = n.sum()
    c = (stats.shape[1] - 1) // 2
    means = stats[:, 1:1 + c]
    m2 = stats[:, 1 + c:]
    mean = (n[:, None] * means).sum(axis=0) / max(total, 1.0)
    dev = means - mean
    var = (m2 + n[:, None] * dev * dev).sum(axis=0) / max(total, 1.0)
    return total, mean, var


class MultiNodeBatchNormalizationFunction(FunctionNode):
    """``(x, gamma, beta) -> y``, normalized with the global batch statistics.

    Parameters
    ----------
    comm : CommunicatorBase
        The processes whose batches form the global batch.
    eps : float
        Added to the variance.
    mean, var : array or None
        Running statistics updated in place with the global batch statistics (unbiased
        variance, ``m / (m - 1)`` with ``m`` the global count per channel).
    decay : float
        Decay of the running averages.
    axis : int, tuple of int or None
        The reduced axes (None: 0 and every axis after gamma's).
    """

    def __init__(self, comm, eps=2e-5, mean=None, var=None, decay=0.9, axis=None):
        self.comm = comm
        self.eps = eps
        self.running_mean = mean
        self.running_var = var
        self.decay = decay
        self.axis = (axis,) if isinstance(axis, int) else axis

    def _check_data_type_forward(self, in_data):
        x, gamma, beta = in_data
        _check_inputs(self.label, self.axis, x, gamma, (('beta', beta),))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        axis = _resolve_axis(self.label, x.ndim, gamma.ndim, self.axis)
        geom = self._geom = _K.Geometry(x.shape, axis)
        cdtype = self._cdtype = _K.compute_dtype(x.dtype, gamma.dtype)
        xc = x.astype(cdtype, copy=False)
        local_mean = xc.mean(axis=axis, keepdims=True) if geom.m else \
            xp.zeros(geom.cshape, cdtype)
        dev = xc - local_mean
        m2 = (dev * dev).sum(axis=axis)
        row = numpy.concatenate([
            [float(geom.m)],
            _host64(local_mean), _host64(m2)])
        stats = numpy.stack(self.comm.allgather(row))
        total, mean, var = _merge_stats(stats)
        if total == 0:
            raise ValueError('{}: the global batch is empty (every process has no element '
                             'along the reduced axes {})'.format(self.label, axis))
        self._total = total
        mean_c = xp.asarray(mean.astype(cdtype).reshape(geom.cshape))
        inv_std = xp.asarray(((var + self.eps) ** -0.5).astype(cdtype).reshape(geom.cshape))
        self.mean, self.inv_std = mean_c, inv_std
        g = gamma.astype(cdtype, copy=False).reshape(geom.cshape)
        b = beta.astype(cdtype, copy=False).reshape(geom.cshape)
        y = (xc - mean_c) * (inv_std * g) + b
        if self.running_mean is not None:
            adjust = total / max(total - 1.0, 1.0)
            rm, rv = self.running_mean, self.running_var
            new_mean = xp.asarray(mean.reshape(rm.shape))
            new_var = xp.asarray((var * adjust).reshape(rv.shape))
            rm *= self.decay
            rm += (1.0 - self.decay) * new_mean.astype(rm.dtype)
            rv *= self.decay
            rv += (1.0 - self.decay) * new_var.astype(rv.dtype)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        gy, = grad_outputs
        geom = self._geom
        dt = self._cdtype
        inv_m = 1.0 / self._total
        if not (config.enable_backprop and any(
                v.requires_grad for v in (x, gamma, gy))):
            return self._first_order(x.array, gamma.array, gy.array, inv_m)
        ops = _GlobalSums(self.comm, geom.axis)
        _, xc, _, s = _K.math_stats(ops, _as(x, dt), inv_m, self.eps)
        g = _as(gamma, dt, geom.cshape)
        gyc = _as(gy, dt)
        gx, _, _ = _K.math_grad(ops, xc, gyc, s, g, inv_m)
        local_gbeta = F.sum(gyc, axis=geom.axis, keepdims=True)
        local_ggamma = F.sum(gyc * xc, axis=geom.axis, keepdims=True) * s
        return (_as(gx, x.dtype), _as(local_ggamma, gamma.dtype, gamma.shape),
                _as(local_gbeta, gamma.dtype, gamma.shape))

    def _first_order(self, x, gamma, gy, inv_m):
        """Arrays in, Variables out: the closed form with one all-reduce."""
        geom = self._geom
        dt = self._cdtype
        xp = backend.get_array_module(x)
        axis = geom.axis
        xc = x.astype(dt, copy=False) - self.mean
        gyc = gy.astype(dt, copy=False)
        sg = gyc.sum(axis=axis, keepdims=True)
        sgx = (gyc * xc).sum(axis=axis, keepdims=True)
        local = numpy.concatenate([_host64(sg), _host64(sgx)])
        both = self.comm.allreduce(local)
        c = local.size // 2
        g_sg = xp.asarray(both[:c].astype(dt).reshape(geom.cshape))
        g_sgx = xp.asarray(both[c:].astype(dt).reshape(geom.cshape))
        s = self.inv_std
        g = gamma.astype(dt, copy=False).reshape(geom.cshape)
        _, k1, k2, k3 = _K.coef_grad(g, s, inv_m, g_sg, g_sgx)
        gx = gyc * k1 + xc * k2 + k3
        ggamma = (sgx * s).reshape(gamma.shape).astype(gamma.dtype, copy=False)
        gbeta = sg.reshape(gamma.shape).astype(gamma.dtype, copy=False)
        new = Variable._new
        return (new(gx.astype(x.dtype, copy=False), True), new(ggamma, True),
                new(gbeta, True))


def multi_node_batch_normalization(comm, x, gamma, beta, eps=2e-5, running_mean=None,
                                   running_var=None, decay=0.9, axis=None):
    """Batch normalization with the statistics of every process's batch together.

    Every process calls it at once with its own batch (sizes may differ). The result equals
    single-process :func:`kusari.functions.batch_normalization` on the concatenation of the
    batches, and so do its derivatives of every order (``x``'s gradient in full; ``gamma``'s
    and ``beta``'s as this process's share, which sums to the single-process gradient).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes.
    x : Variable or array
        This process's batch, shape ``(N_r, *gamma.shape, ...)`` for the default axis.
    gamma, beta : Variable or array
        Scale and shift (the kept axes' shape).
    eps : float
        Added to the variance.
    running_mean, running_var : array or None
        Running statistics updated in place (both or neither).
    decay : float
        Decay of the running averages.
    axis : int, tuple of int or None
        The reduced axes.

    Returns
    -------
    Variable
        ``y``, of ``x``'s shape and dtype.
    """
    if (running_mean is None) != (running_var is None):
        raise ValueError('multi_node_batch_normalization: running_mean and running_var must '
                         'be given together')
    return MultiNodeBatchNormalizationFunction(
        comm, eps, running_mean, running_var, decay, axis).apply((x, gamma, beta))[0]


def get_communication_backend(comm, communication_backend='auto'):
    """The all-reduce backend of the multi-node BN: ``'mpi'`` or ``'nccl'``.

    Parameters
    ----------
    comm : CommunicatorBase
        The communicator.
    communication_backend : str
        ``'mpi'``, ``'nccl'`` (a ``pure_nccl`` communicator only) or ``'auto'``.

    Returns
    -------
    str
        The backend (``'auto'``: ``'nccl'`` for ``pure_nccl``, else ``'mpi'``).

    Raises
    ------
    ValueError
        For another name, or ``'nccl'`` with a communicator that is not ``pure_nccl``.
    """
    if communication_backend not in ('mpi', 'nccl', 'auto'):
        raise ValueError('MultiNodeBatchNormalization does not support the communication '
                         'backend {!r} (expected \'mpi\', \'nccl\' or \'auto\')'.format(
                             communication_backend))
    is_nccl = type(comm).__name__ == 'PureNcclCommunicator'
    if communication_backend == 'nccl' and not is_nccl:
        raise ValueError('the \'nccl\' backend of MultiNodeBatchNormalization needs a '
                         'pure_nccl communicator, got {}'.format(type(comm).__name__))
    if communication_backend == 'auto':
        return 'nccl' if is_nccl else 'mpi'
    return communication_backend
