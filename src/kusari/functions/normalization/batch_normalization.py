"""Batch normalization, training and fixed (inference) modes, exact to every order.

The FunctionNodes keep Chainer 7.8.1's names and constructor signatures:
``BatchNormalization`` -> ``BatchNormalizationGrad`` and ``FixedBatchNormalization`` ->
``FixedBatchNormalizationGrad``. Forwards run fused kernels (``_bn_kernels``); the Grad nodes'
backwards rebuild everything that depends on an input (batch mean, ``inv_std`` from ``var``)
from the retained Variables with ``F.*``, so differentiating them again is exact at every
order. When nothing will differentiate a Grad node's backward (backprop disabled), the same
math runs as a fused kernel on arrays instead.
"""
import warnings
from collections.abc import Sequence

import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.array.broadcast import broadcast_to
from kusari.functions.array.cast import cast
from kusari.functions.array.reshape import reshape
from kusari.functions.math.sum import sum as _sum
from kusari.functions.normalization import _bn_kernels as _K
from kusari.utils import type_check
from kusari.variable import Variable


class AxisError(ValueError, RuntimeError):
    """A malformed ``axis`` argument (Chainer raises RuntimeError; this is also a ValueError)."""


def _axis_arg(axis):
    """Chainer's constructor-time check: None, an int or an ascending sequence of ints.

    Negative axes (an extension) count from the end, as in NumPy.
    """
    if axis is None:
        return None
    if isinstance(axis, (int, numpy.integer)) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, Sequence) and all(
            isinstance(a, (int, numpy.integer)) and not isinstance(a, bool) for a in axis):
        axis = tuple(int(a) for a in axis)
        # negative axes are checked once x.ndim is known; same-sign ones are checked now
        for part in ([a for a in axis if a >= 0], [a for a in axis if a < 0]):
            for i in range(1, len(part)):
                if part[i - 1] >= part[i]:
                    raise AxisError('numbers in axis must be sorted in ascending order, '
                                    'got {}'.format(axis))
        return axis
    raise AxisError('axis must be int, tuple of int or None, got {!r}'.format(axis))


def _resolve_axis(label, x_ndim, gamma_ndim, axis):
    """The reduced axes for ``x`` and ``gamma`` (default: 0 and every axis after gamma's)."""
    if axis is None:
        if gamma_ndim < x_ndim:     # ascending and in range: nothing to check
            return (0,) + tuple(range(gamma_ndim + 1, x_ndim))
        axis = (0,)
    out = []
    for a in axis:
        if not -x_ndim <= a < x_ndim:
            type_check.fail(label, '-x.ndim <= axis < x.ndim for every axis',
                            'axis={}, x.ndim={}'.format(axis, x_ndim))
        out.append(a % x_ndim)
    for i in range(1, len(out)):
        if out[i - 1] >= out[i]:
            raise AxisError('numbers in axis must be sorted in ascending order, got {} '
                            '(x.ndim={})'.format(tuple(axis), x_ndim))
    return tuple(out)


def _check_inputs(label, axis, x, gamma, others):
    """dtype and shape checks shared by both forwards; ``others`` are (name, array)."""
    gd, gs = gamma.dtype, gamma.shape
    if (axis is None and x.dtype.kind == 'f' and gd.kind == 'f' and len(gs) < x.ndim
            and x.shape[1:1 + len(gs)] == gs):
        for _, a in others:
            if a.dtype != gd or a.shape != gs:
                break
        else:
            return    # the default axis (0 and those after gamma's), all consistent
    if x.dtype.kind != 'f':
        type_check.fail(label, "x.dtype.kind == 'f'", 'x.dtype={}'.format(x.dtype))
    if gamma.dtype.kind != 'f':
        type_check.fail(label, "gamma.dtype.kind == 'f'", 'gamma.dtype={}'.format(gamma.dtype))
    for name, a in others:
        if a.dtype != gamma.dtype:
            type_check.fail(label, '{}.dtype == gamma.dtype'.format(name),
                            '{}.dtype={}, gamma.dtype={}'.format(name, a.dtype, gamma.dtype))
        if a.shape != gamma.shape:
            type_check.fail(label, '{}.shape == gamma.shape'.format(name),
                            '{}.shape={}, gamma.shape={}'.format(name, a.shape, gamma.shape))
    axis = _resolve_axis(label, x.ndim, gamma.ndim, axis)
    key = tuple([i for i in range(x.ndim) if i not in axis])
    if gamma.ndim != len(key):
        type_check.fail(label, 'gamma.ndim == x.ndim - len(axis)',
                        'gamma.ndim={}, x.ndim={}, axis={}'.format(gamma.ndim, x.ndim, axis))
    kept = tuple([x.shape[i] for i in key])
    if kept != gamma.shape:
        type_check.fail(label, 'gamma.shape == x.shape over the axes not reduced {}'.format(key),
                        'gamma.shape={}, x.shape={}, axis={}'.format(
                            gamma.shape, x.shape, axis))


def _geometry(label, x, gamma_ndim, axis):
    return _K.geometry(x.shape, _resolve_axis(label, x.ndim, gamma_ndim, axis))


def _geometry_from(x, expander, axis):
    """The geometry of a Grad node from Chainer's ``axis`` (or, if None, its ``expander``)."""
    if axis is None:
        axis = tuple([i for i, e in enumerate(expander) if e is None])
    return _K.geometry(x.shape, tuple(a % x.ndim for a in axis))


def _fused(variables):
    """True when nothing will differentiate the result: arrays and kernels suffice."""
    if not config.enable_backprop:
        return True
    return not any([v is not None and v.requires_grad for v in variables])


def _arr(v):
    return None if v is None else v.array


def _var(a):
    return None if a is None else Variable._new(a, True)


class _VarOps:
    """Reductions with keepdims on Variables (the differentiable namespace of the math)."""

    def __init__(self, axis):
        self.axis = axis

    def sum(self, a):
        return _sum(a, axis=self.axis, keepdims=True)


def _to(v, dtype, shape=None):
    """``v`` cast to ``dtype`` (and reshaped to ``shape``), ``None`` kept."""
    if v is None:
        return None
    if v.dtype != dtype:
        v = cast(v, dtype)
    return v if shape is None else reshape(v, shape)


class BatchNormalization(FunctionNode):
    """Training-mode batch normalization with batch statistics (Chainer's signature).

    Args:
        eps (float): Added to the variance.
        mean, var (array): Running statistics updated in place (both or neither).
        decay (float): Decay of the running averages.
        axis (int, tuple of int or None): The reduced axes.
    """

    mean = None
    var = None
    inv_std = None

    def __init__(self, eps=2e-5, mean=None, var=None, decay=0.9, axis=None):
        self.running_mean = mean
        self.running_var = var
        self.eps = eps
        self.decay = decay
        self.axis = _axis_arg(axis)

    def _check_data_type_forward(self, in_data):
        if len(in_data) != 3:
            type_check.fail(self.label, 'in_types.size() == 3', str(len(in_data)))
        x, gamma, beta = in_data
        _check_inputs(self.label, self.axis, x, gamma, (('beta', beta),))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        geom = _geometry(self.label, x, gamma.ndim, self.axis)
        self.axis, self.key_axis, self.expander = geom.axis, geom.key_axis, geom.expander
        self._geom = geom
        if geom.m == 0:
            raise ValueError('{}: the reduced axes {} of x (shape {}) hold no element'.format(
                self.label, geom.axis, x.shape))
        if geom.m == 1:
            warnings.warn(
                'F.batch_normalization got a batch of a single element per channel (every '
                'reduced axis {} of x {} has size 1): the output is beta (a zero normalized '
                'tensor). Is config.train True while evaluating?'.format(geom.axis, x.shape),
                UserWarning, stacklevel=4)
        cdtype = _K.compute_dtype(x.dtype, gamma.dtype)
        y, self.mean, self.var, self.inv_std = _K.train_forward(
            x, gamma, beta, self.eps, geom, cdtype, xp)
        if self.running_mean is not None:
            m = geom.m
            adjust = m / max(m - 1.0, 1.0)   # unbiased variance for the running average
            decay = self.decay
            self.running_mean *= decay
            self.running_mean += (1.0 - decay) * self.mean
            self.running_var *= decay
            self.running_var += ((1.0 - decay) * adjust) * self.var
        return y,

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        gy, = grad_outputs
        f = BatchNormalizationGrad(self.eps, self.expander, self.axis, self.mean, self.var,
                                   self.inv_std, self.key_axis)
        return f.apply((x, gamma, gy))


class BatchNormalizationGrad(FunctionNode):
    """The gradient of training batch normalization, as a node: ``(x, gamma, gy) -> (gx,
    ggamma, gbeta)``.

    ``mean``/``inv_std`` are the forward's batch statistics (recomputed from ``x`` when None);
    they are used as values in the forward only. The backward (the second order) is written
    with ``F.*`` on the retained ``x``, ``gamma`` and ``gy`` (the batch statistics rebuilt from
    ``x``, no division by ``gamma``), so it is exact at every order; ``impl`` and
    ``forward_data`` are accepted for Chainer compatibility and ignored.
    """

    def __init__(self, eps, expander, axis, mean, var, inv_std, key_axis, impl=None,
                 forward_data=None):
        self.eps = eps
        self.expander = expander
        self.axis = axis
        self.mean = mean
        self.var = var
        self.inv_std = inv_std
        self.key_axis = key_axis

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        x, gamma, gy = inputs
        xp = backend.get_array_module(x)
        geom = self._geom = _geometry_from(x, self.expander, self.axis)
        cdtype = self._cdtype = _K.compute_dtype(x.dtype, gamma.dtype)
        if self.mean is None or self.inv_std is None:
            self.mean, self.inv_std = _K.batch_stats(x, self.eps, geom, cdtype, xp)
        return _K.grad(x, gamma, gy, self.mean, self.inv_std, geom, cdtype, xp)

    def backward(self, indexes, grad_outputs):
        x, gamma, gy = self.get_retained_inputs()
        ggx1, gggamma1, ggbeta1 = grad_outputs
        geom = self._geom
        need_gx2, need_ggy2 = 0 in indexes, 2 in indexes
        if _fused((x, gamma, gy, ggx1, gggamma1, ggbeta1)):
            gx2, ggamma2, ggy2 = _K.gradgrad(
                x.array, gamma.array, gy.array, _arr(ggx1), _arr(gggamma1), _arr(ggbeta1),
                self.mean, self.inv_std, geom, self._cdtype, backend.get_array_module(x.array),
                need_gx2, need_ggy2)
            gx2, ggamma2, ggy2 = _var(gx2), _var(ggamma2), _var(ggy2)
        else:
            dt = self._cdtype
            cs = geom.cshape
            inv_m = 1.0 / geom.m
            ops = _VarOps(geom.axis)
            _, xc, _, s = _K.math_stats(ops, _to(x, dt), inv_m, self.eps)
            gx2, ggamma2, ggy2 = _K.math_gradgrad(
                ops, xc, _to(gy, dt), _to(ggx1, dt), s, _to(gamma, dt, cs),
                _to(gggamma1, dt, cs), _to(ggbeta1, dt, cs), inv_m, need_gx2, need_ggy2)
            gx2 = _to(gx2, x.dtype)
            ggamma2 = _to(ggamma2, gamma.dtype, gamma.shape)
            ggy2 = _to(ggy2, gy.dtype)
        return gx2, ggamma2 if 1 in indexes else None, ggy2


class FixedBatchNormalization(FunctionNode):
    """Batch normalization with given statistics (Chainer's signature).

    Args:
        eps (float): Added to the variance.
        axis (int, tuple of int or None): The reduced axes.
    """

    inv_std = None
    inv_var = None

    def __init__(self, eps=2e-5, axis=None):
        self.eps = eps
        self.axis = _axis_arg(axis)

    def _check_data_type_forward(self, in_data):
        if len(in_data) != 5:
            type_check.fail(self.label, 'in_types.size() == 5', str(len(in_data)))
        x, gamma, beta, mean, var = in_data
        _check_inputs(self.label, self.axis, x, gamma,
                      (('beta', beta), ('mean', mean), ('var', var)))

    def forward(self, inputs):
        self.retain_inputs((0, 1, 3, 4))
        x, gamma, beta, mean, var = inputs
        xp = backend.get_array_module(x)
        geom = _geometry(self.label, x, gamma.ndim, self.axis)
        self.axis, self.key_axis, self.expander = geom.axis, geom.key_axis, geom.expander
        cdtype = _K.compute_dtype(x.dtype, gamma.dtype)
        return _K.fixed_forward(x, gamma, beta, mean, var, self.eps, geom, cdtype, xp),

    def backward(self, indexes, grad_outputs):
        x, gamma, mean, var = self.get_retained_inputs()
        gy, = grad_outputs
        f = FixedBatchNormalizationGrad(self.eps, self.expander, self.axis, self.inv_std,
                                        self.inv_var)
        return f.apply((x, gamma, mean, var, gy))


class FixedBatchNormalizationGrad(FunctionNode):
    """The gradient of fixed batch normalization, as a node: ``(x, gamma, mean, var, gy) ->
    (gx, ggamma, gbeta, gmean, gvar)``.

    ``inv_std``/``inv_var`` are recomputed from ``var`` when None and used as values in the
    forward only. The backward returns ``(gx2, ggamma2, gmean2, gvar2, ggy2)``, treats a
    missing output gradient as zero and is written with ``F.*`` on the retained inputs
    (``inv_std`` rebuilt from the ``var`` Variable), so it is exact at every order.
    """

    def __init__(self, eps, expander, axis, inv_std, inv_var):
        self.eps = eps
        self.expander = expander
        self.axis = axis
        self.inv_std = inv_std
        self.inv_var = inv_var

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3, 4))
        x, gamma, mean, var, gy = inputs
        xp = backend.get_array_module(x)
        geom = self._geom = _geometry_from(x, self.expander, self.axis)
        cdtype = self._cdtype = _K.compute_dtype(x.dtype, gamma.dtype)
        if self.inv_std is None or self.inv_var is None:
            self.inv_var = xp.reciprocal(var.astype(cdtype) + cdtype.type(self.eps))
            self.inv_std = xp.sqrt(self.inv_var)
        return _K.fixed_grad(x, gamma, mean, self.inv_std, gy, geom, cdtype, xp)

    def backward(self, indexes, grad_outputs):
        x, gamma, mean, var, gy = self.get_retained_inputs()
        ggx1, gggamma1, ggbeta1, ggmean1, ggvar1 = grad_outputs
        geom = self._geom
        need_gx2, need_ggy2 = 0 in indexes, 4 in indexes
        if _fused((x, gamma, mean, var, gy) + tuple(grad_outputs)):
            outs = _K.fixed_gradgrad(
                x.array, gamma.array, mean.array, self.inv_std, gy.array, _arr(ggx1),
                _arr(gggamma1), _arr(ggbeta1), _arr(ggmean1), _arr(ggvar1), geom, self._cdtype,
                backend.get_array_module(x.array), need_gx2, need_ggy2)
            gx2, ggamma2, gmean2, gvar2, ggy2 = [_var(o) for o in outs]
        else:
            dt = self._cdtype
            cs = geom.cshape
            s = (_to(var, dt, cs) + self.eps) ** -0.5
            xc = _to(x, dt) - _to(mean, dt, cs)
            gx2, ggamma2, gmean2, gvar2, ggy2 = _K.math_fixed_gradgrad(
                _VarOps(geom.axis), xc, _to(gy, dt), _to(ggx1, dt), s, _to(gamma, dt, cs),
                _to(gggamma1, dt, cs), _to(ggbeta1, dt, cs), _to(ggmean1, dt, cs),
                _to(ggvar1, dt, cs), need_gx2, need_ggy2)
            shape = gamma.shape
            gx2 = _to(gx2, x.dtype)
            ggamma2 = _to(ggamma2, gamma.dtype, shape)
            gmean2 = _to(gmean2, mean.dtype, shape)
            gvar2 = _to(gvar2, var.dtype, shape)
            if ggy2 is not None:
                if ggy2.shape != x.shape:
                    ggy2 = broadcast_to(ggy2, x.shape)
                ggy2 = _to(ggy2, gy.dtype)
        return tuple([g if i in indexes else None
                      for i, g in enumerate((gx2, ggamma2, gmean2, gvar2, ggy2))])


def batch_normalization(x, gamma, beta, eps=2e-5, running_mean=None, running_var=None,
                        decay=0.9, axis=None, **kwargs):
    """Batch normalization with the statistics of the batch (training mode).

    .. math::

        y = \\gamma \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta

    where the mean :math:`\\mu` and the biased variance :math:`\\sigma^2` are taken over
    ``axis``. When given, ``running_mean`` and ``running_var`` are updated in place:
    ``r = decay * r + (1 - decay) * stat``, with the unbiased variance ``m / (m - 1) *
    sigma^2`` (``m`` elements per channel) for ``running_var``. Exact to every order of
    derivative. A float16 ``x`` with float32 parameters computes in float32 and returns
    float16; float16 math accumulates in float32.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, *gamma.shape, ...)`` for the default ``axis``.
    gamma : Variable or array
        Scale, of the shape of the axes of ``x`` that are not reduced.
    beta : Variable or array
        Shift, of ``gamma``'s shape and dtype.
    eps : float
        Added to the variance.
    running_mean, running_var : array or None
        Running statistics (``gamma``'s shape) updated in place; both or neither.
    decay : float
        Decay rate of the running averages.
    axis : int, tuple of int or None
        The reduced axes, ascending. None means 0 and every axis after ``gamma``'s: a
        ``(N, C, H, W)`` input with ``gamma`` of shape ``(C,)`` reduces ``(0, 2, 3)``.

    Returns
    -------
    Variable
        ``y``, of ``x``'s shape and dtype.

    The ``train`` argument of Chainer 1 raises ValueError: use
    ``kusari.using_config('train', ...)``. A batch of one element per channel warns
    (UserWarning): its output is ``beta``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(6, dtype=numpy.float32).reshape(3, 2)
    >>> F.batch_normalization(x, numpy.ones(2, 'f'), numpy.zeros(2, 'f')).shape
    (3, 2)
    """
    if kwargs:
        if 'train' in kwargs:
            raise ValueError('train argument is not supported anymore. Use '
                             "kusari.using_config('train', ...)")
        raise TypeError('batch_normalization() got unexpected keyword argument(s) {}'.format(
            ', '.join(sorted(kwargs))))
    if (running_mean is None) != (running_var is None):
        raise ValueError('batch_normalization: running_mean and running_var must be given '
                         'together (both or neither), got running_mean={} and '
                         'running_var={}'.format(
                             'None' if running_mean is None else 'an array',
                             'None' if running_var is None else 'an array'))
    return BatchNormalization(eps, running_mean, running_var, decay, axis).apply(
        (x, gamma, beta))[0]


def fixed_batch_normalization(x, gamma, beta, mean, var, eps=2e-5, axis=None):
    """Batch normalization with given statistics (inference mode).

    .. math::

        y = \\gamma \\frac{x - \\mathrm{mean}}{\\sqrt{\\mathrm{var} + \\epsilon}} + \\beta

    Gradients flow to all five inputs when they are Variables, exactly at every order.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, *gamma.shape, ...)`` for the default ``axis``.
    gamma, beta, mean, var : Variable or array
        Scale, shift, mean and variance: one shape and dtype, that of the axes of ``x``
        that are not reduced.
    eps : float
        Added to the variance.
    axis : int, tuple of int or None
        The reduced axes, as for :func:`batch_normalization`.

    Returns
    -------
    Variable
        ``y``, of ``x``'s shape and dtype.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 3), 'f')
    >>> c = numpy.ones(3, 'f')
    >>> F.fixed_batch_normalization(x, c, c * 0, c * 0, c, eps=0.0).array
    array([[1., 1., 1.],
           [1., 1., 1.]], dtype=float32)
    """
    return FixedBatchNormalization(eps, axis).apply((x, gamma, beta, mean, var))[0]
