"""Numerical gradient checks: ``numerical_grad``, ``check_backward``, ``check_double_backward``.

``check_backward`` compares the analytic gradient with a central difference along one random
direction (as Chainer does), so its cost does not grow with the number of elements; the
directional sums are accumulated in float64. ``check_double_backward`` applies the same check
to the function that maps ``(inputs, output gradients)`` to the input gradients.
"""
import numpy

from kusari import backend
from kusari.function_node import grad as _grad
from kusari.variable import Variable


class NondifferentiableError(Exception):
    """The function is not differentiable at the point being checked."""


def _as_tuple(x):
    if x is None:
        return ()
    if isinstance(x, (tuple, list)):
        return tuple(x)
    return (x,)


def _cpu(a):
    return backend.CpuDevice().send(getattr(a, 'array', a))


def numerical_grad(f, inputs, grad_outputs, eps=1e-3, detect_nondifferentiable=False,
                   diff_atol=0, diff_rtol=1e-2, center_outputs=None):
    """Element-by-element central differences of ``sum(grad_outputs * f())``.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a tuple of arrays computed from ``inputs``, which are
        perturbed in place.
    inputs : tuple of arrays
        The arrays to differentiate with respect to, of any shapes.
    grad_outputs : tuple of arrays or None
        The weights of the outputs, each of its output's shape.
    eps : float
        The step.
    detect_nondifferentiable : bool
        Also compare the one-sided differences and raise :class:`NondifferentiableError`
        when they disagree.
    diff_atol, diff_rtol : float
        The tolerances of that comparison.
    center_outputs : optional
        Accepted for compatibility with Chainer; unused.

    Returns
    -------
    tuple of arrays
        One gradient per input, of its shape and dtype.

    Raises
    ------
    ValueError
        If ``eps`` is not positive.
    NondifferentiableError
        If ``detect_nondifferentiable`` is set and the one-sided differences disagree.
    """
    if eps <= 0:
        raise ValueError('eps must be positive, got {}'.format(eps))
    inputs = _as_tuple(inputs)
    grad_outputs = _as_tuple(grad_outputs)

    def weighted():
        ys = _as_tuple(f())
        total = 0.0
        for y, gy in zip(ys, grad_outputs):
            if y is None or gy is None:
                continue
            total += float((_cpu(y).astype(numpy.float64) * _cpu(gy)).sum())
        return total

    grads = []
    for x in inputs:
        gx = numpy.zeros(x.shape, numpy.float64)
        for i in range(x.size):
            idx = numpy.unravel_index(i, x.shape)
            orig = x[idx].copy()
            vals = {}
            for k in ((-1, 1, -2, 2) if detect_nondifferentiable else (-1, 1)):
                x[idx] = orig + k * eps
                vals[k] = weighted()
            x[idx] = orig
            if detect_nondifferentiable:
                vals[0] = weighted()
                left = (vals[0] - vals[-1]) / eps
                right = (vals[1] - vals[0]) / eps
                if abs(left - right) > diff_atol + diff_rtol * max(abs(left), abs(right)):
                    raise NondifferentiableError(
                        'one-sided differences disagree at index {}: {} vs {}'.format(
                            idx, left, right))
            gx[idx] = (vals[1] - vals[-1]) / (2 * eps)
        xp = backend.get_array_module(x)
        grads.append(xp.asarray(gx.astype(x.dtype)))
    return tuple(grads)


def _is_float(a):
    return a is not None and a.dtype.kind == 'f'


def check_backward(func, x_data, y_grad, params=(), eps=1e-3, atol=1e-5, rtol=1e-4,
                   no_grads=None, dtype=None, detect_nondifferentiable=False,
                   is_immutable_params=False):
    """Check the analytic gradient of ``func`` against a directional central difference.

    Parameters
    ----------
    func : callable
        Takes Variables (one per element of ``x_data``), returns a Variable or a tuple of
        Variables.
    x_data : array or tuple of arrays
        The inputs, of any shapes.
    y_grad : array, tuple of arrays or None
        The output gradients, each of its output's shape; None for a function returning a
        size-1 loss.
    params : tuple of Parameter
        Parameters used by ``func`` that are checked too.
    eps : float
        The finite-difference step.
    atol, rtol : float
        Tolerances.
    no_grads : list of bool, optional
        ``True`` for inputs not to check (integers never are).
    dtype : dtype, optional
        If given, float inputs and params are cast to this dtype first.
    detect_nondifferentiable : bool
        Raise :class:`NondifferentiableError` when the one-sided differences disagree.
    is_immutable_params : bool
        Accepted for compatibility with Chainer; unused.

    Raises
    ------
    AssertionError
        When the gradients disagree, with both values in the message.
    NondifferentiableError
        If ``detect_nondifferentiable`` is set and the one-sided differences disagree.
    ValueError
        If ``no_grads`` or ``y_grad`` does not match the inputs or outputs, or there is
        nothing to check.
    """
    x_data = tuple(_as_tuple(x_data))
    params = tuple(_as_tuple(params))
    if dtype is not None:
        x_data = tuple(x.astype(dtype) if _is_float(x) else x for x in x_data)
        for p in params:
            if _is_float(p.array):
                p.array = p.array.astype(dtype)
    if no_grads is None:
        no_grads = [not _is_float(x) for x in x_data]
    elif len(no_grads) != len(x_data):
        raise ValueError('no_grads has {} elements but there are {} inputs'.format(
            len(no_grads), len(x_data)))
    else:
        no_grads = [bool(n) or not _is_float(x) for n, x in zip(no_grads, x_data)]

    xs = [Variable(x, requires_grad=not ng) for x, ng in zip(x_data, no_grads)]
    ys = _as_tuple(func(*xs))
    y_grad = _as_tuple(y_grad)
    if not y_grad:
        for y in ys:
            if y.size != 1:
                raise ValueError('y_grad is None but the output has {} elements'.format(y.size))
        y_grad = tuple(y.xp.ones_like(y.array) for y in ys)
    if len(y_grad) != len(ys):
        raise ValueError('{} output gradients for {} outputs'.format(len(y_grad), len(ys)))
    targets = [x for x, ng in zip(xs, no_grads) if not ng] + list(params)
    if not targets:
        raise ValueError('check_backward: no input or parameter to check')
    live = [(y, gy) for y, gy in zip(ys, y_grad) if gy is not None and (
        y.creator_node is not None or any(y is t for t in targets))]
    if live:
        grads = _grad([y for y, _ in live], targets, [gy for _, gy in live])
    else:
        grads = [None] * len(targets)

    rng = numpy.random.default_rng(0)
    directions = [rng.standard_normal(t.shape) for t in targets]
    norm = numpy.sqrt(sum(float((d * d).sum()) for d in directions)) or 1.0
    directions = [d / norm for d in directions]

    analytic = 0.0
    for g, d in zip(grads, directions):
        if g is not None:
            analytic += float((_cpu(g).astype(numpy.float64) * d).sum())

    originals = [t.array.copy() for t in targets]
    xps = [backend.get_array_module(t.array) for t in targets]

    def evaluate(step):
        for t, o, d, xp in zip(targets, originals, directions, xps):
            t.array = xp.asarray(o.astype(numpy.float64) + xp.asarray(step * d)).astype(o.dtype)
        out = _as_tuple(func(*xs))
        total = 0.0
        for y, gy in zip(out, y_grad):
            if gy is not None:
                total += float((_cpu(y).astype(numpy.float64) * _cpu(gy)).sum())
        return total

    try:
        fp, fm = evaluate(eps), evaluate(-eps)
        numeric = (fp - fm) / (2 * eps)
        if detect_nondifferentiable:
            f0 = evaluate(0.0)
            left, right = (f0 - fm) / eps, (fp - f0) / eps
            if abs(left - right) > atol + rtol * max(abs(left), abs(right)) + 10 * eps:
                raise NondifferentiableError(
                    'the function is not differentiable here: left derivative {}, right '
                    'derivative {}'.format(left, right))
    finally:
        for t, o in zip(targets, originals):
            t.array = o
    if not abs(numeric - analytic) <= atol + rtol * abs(numeric):
        raise AssertionError(
            'check_backward failed: the directional derivative computed numerically is {!r} '
            'but backward gives {!r} (difference {:.3g}, atol={}, rtol={})'.format(
                numeric, analytic, abs(numeric - analytic), atol, rtol))


def check_double_backward(func, x_data, y_grad, x_grad_grad, params=(),
                          params_grad_grad=(), eps=1e-3, atol=1e-4, rtol=1e-3,
                          no_grads=None, dtype=None, detect_nondifferentiable=False):
    """Check second derivatives: ``check_backward`` on ``(x, gy) -> grad of func``.

    Parameters
    ----------
    func : callable
        As for :func:`check_backward`.
    x_data : array or tuple of arrays
        The inputs.
    y_grad : array or tuple of arrays
        The output gradients, each of its output's shape (also inputs of the checked
        first-order function).
    x_grad_grad : array or tuple of arrays
        The gradients flowing into the first-order input gradients, each of the shape of
        its input.
    params : tuple of Parameter
        Parameters of ``func``; their first-order gradients are outputs of the checked
        function too, weighted by ``params_grad_grad``.
    params_grad_grad : tuple of arrays
        One array per parameter, of its shape.
    eps, atol, rtol, no_grads, dtype, detect_nondifferentiable
        As for :func:`check_backward`.

    Raises
    ------
    AssertionError
        When the second derivatives disagree.
    """
    x_data = _as_tuple(x_data)
    y_grad = _as_tuple(y_grad)
    x_grad_grad = _as_tuple(x_grad_grad)
    params = _as_tuple(params)
    params_grad_grad = _as_tuple(params_grad_grad)
    n_x = len(x_data)
    if dtype is not None:
        x_data = tuple(x.astype(dtype) if _is_float(x) else x for x in x_data)
        y_grad = tuple(g.astype(dtype) if _is_float(g) else g for g in y_grad)
        x_grad_grad = tuple(g.astype(dtype) if _is_float(g) else g for g in x_grad_grad)
        params_grad_grad = tuple(g.astype(dtype) for g in params_grad_grad)
        for p in params:
            p.array = p.array.astype(dtype)
    if no_grads is None:
        no_grads = [not _is_float(x) for x in x_data]
    x_used = [i for i in range(n_x) if not no_grads[i] and _is_float(x_data[i])]
    if len(x_grad_grad) == n_x:
        x_grad_grad = tuple(x_grad_grad[i] for i in x_used)

    def first_order(*args):
        xs, gys = args[:n_x], args[n_x:]
        ys = _as_tuple(func(*xs))
        targets = [xs[i] for i in x_used] + list(params)
        live = [(y, gy) for y, gy in zip(ys, gys) if y.creator_node is not None or any(
            y is t for t in targets)]
        if live:
            gxs = _grad([y for y, _ in live], targets, [gy for _, gy in live],
                        enable_double_backprop=True)
        else:
            gxs = [None] * len(targets)
        out = []
        for t, g in zip(targets, gxs):
            out.append(Variable(t.xp.zeros_like(t.array), requires_grad=False)
                       if g is None else g)
        return tuple(out)

    check_backward(first_order, x_data + y_grad, x_grad_grad + params_grad_grad,
                   params=params, eps=eps, atol=atol, rtol=rtol,
                   no_grads=list(no_grads) + [not _is_float(g) for g in y_grad],
                   detect_nondifferentiable=detect_nondifferentiable)
