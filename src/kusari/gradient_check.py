"""Numerical gradient checks (``chainer.gradient_check``).

:func:`numerical_grad` takes central differences element by element. :func:`check_backward`
compares the gradient that backprop computes with a central difference along one random
unit direction, so its cost does not depend on the number of elements; the direction comes
from the global NumPy (CuPy) generator, which :func:`kusari.testing.fix_random` seeds.
:func:`check_double_backward` applies the same check to the function that maps
``(inputs, output gradients)`` to the input gradients.

Optionally :func:`numerical_grad` tells whether the point is a non-differentiable one: it
then samples five points ``x - eps, x - eps/2, x, x + eps/2, x + eps`` and calls the point
non-differentiable when the finiteness of an output changes among them, or when a quadratic
does not fit an output through them (fitting error above ``diff_atol + diff_rtol *
(max - min)``).
"""
import io
import warnings

import numpy

from kusari import backend
from kusari.configuration import using_config
from kusari.utils import _format_array_props
from kusari.variable import Parameter, Variable


class NondifferentiableError(Exception):
    """The function is not differentiable at the point being checked."""


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _float64_copy(xp, y):
    if y is None:
        return None
    y = getattr(y, 'array', y)
    return xp.array(y, dtype=numpy.float64, copy=True)


# Orthogonal complement of the quadratics on 5 equispaced points: the discrete orthogonal
# polynomials of degrees 3 and 4. The squared fitting error of a quadratic through 5 samples
# is the squared length of their projection onto these two vectors.
_CUBIC = numpy.array([-1., 2., 0., -2., 1.])
_QUARTIC = numpy.array([1., -4., 6., -4., 1.])


def _nondifferentiable_message(reason, i_in, i_out, x, index, eps, samples, extra=''):
    s = io.StringIO()
    s.write('numerical_grad: the function is not differentiable at this point ({}).\n'
            .format(reason))
    s.write('input {}, output {}, index {} of the input, eps {}\n'.format(i_in, i_out, index,
                                                                        eps))
    s.write('input: {}\n'.format(x))
    s.write(extra)
    for label, ys in zip(('x-eps', 'x-eps/2', 'x', 'x+eps/2', 'x+eps'), samples):
        s.write('y[{}]: {}\n'.format(label, ys[i_out]))
    return s.getvalue()


def _detect_nondifferentiable(xp, samples, diff_atol, diff_rtol, i_in, x, index, eps):
    """Raise :class:`NondifferentiableError` if the five ``samples`` show a kink."""
    n_out = len(samples[0])
    any_nonfinite = False
    for i_out in range(n_out):
        if samples[0][i_out] is None:
            continue
        finite = [xp.isfinite(ys[i_out]) for ys in samples]
        if any(bool((finite[0] != f).any()) for f in finite[1:]):
            raise NondifferentiableError(_nondifferentiable_message(
                'the finiteness of an output changes', i_in, i_out, x, index, eps, samples))
        any_nonfinite = any_nonfinite or not all(bool(f.all()) for f in finite)
    if any_nonfinite:
        # A function that is infinite (or NaN) around the point all the time, such as log
        # left of zero, is not called non-differentiable there.
        return
    cubic = xp.asarray(_CUBIC)
    quartic = xp.asarray(_QUARTIC)
    for i_out in range(n_out):
        if samples[0][i_out] is None:
            continue
        stack = xp.stack([ys[i_out] for ys in samples])           # (5, *shape)
        flat = stack.reshape(5, -1)
        r3 = cubic @ flat
        r4 = quartic @ flat
        fit_error = xp.sqrt((r3 * r3 / 10 + r4 * r4 / 70) / 5).reshape(stack.shape[1:])
        ymax = stack.max(axis=0)
        ymin = stack.min(axis=0)
        bad = (fit_error > diff_atol + diff_rtol * (ymax - ymin)) & (ymax != ymin)
        if bool(bad.any()):
            extra = ('diff_atol: {}, diff_rtol: {}\nfitting errors: {}\nmax - min of the '
                     'samples: {}\n'.format(diff_atol, diff_rtol, fit_error, ymax - ymin))
            raise NondifferentiableError(_nondifferentiable_message(
                'a quadratic does not fit the samples', i_in, i_out, x, index, eps, samples,
                extra))


def numerical_grad(f, inputs, grad_outputs, eps=1e-3, detect_nondifferentiable=False,
                   diff_atol=0, diff_rtol=1e-2, center_outputs=None):
    """Gradients of ``sum(grad_outputs * f())`` by central differences, element by element.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a tuple of arrays (or scalars, or None) computed from
        ``inputs``, which are perturbed in place and restored.
    inputs : tuple or list of arrays
        Float arrays of any shapes, all on one device.
    grad_outputs : tuple or list
        One weight per output of ``f``: an array of its shape, a scalar, or None (the output
        is ignored).
    eps : float
        The step; must be positive.
    detect_nondifferentiable : bool
        Sample five points instead of two (the difference is then accurate to the fourth
        order of ``eps``) and raise :class:`NondifferentiableError` where the function has a
        kink, a jump or a change of finiteness (see the module docstring).
    diff_atol, diff_rtol : float
        The tolerances of that detection.
    center_outputs : optional
        Accepted for compatibility with Chainer; unused (the center is recomputed).

    Returns
    -------
    tuple of arrays
        One gradient per input, of its shape, dtype and device.

    Raises
    ------
    AssertionError
        If ``eps`` is not positive.
    RuntimeError
        If an input is not a float array, or the arrays live on different devices.
    NondifferentiableError
        Where the detection is on and finds a non-differentiable point.
    """
    if not eps > 0:
        raise AssertionError('numerical_grad: eps must be positive, got {}'.format(eps))
    inputs = _as_tuple(inputs)
    for x in inputs:
        if x.dtype.kind != 'f':
            raise RuntimeError(
                'numerical_grad: the inputs must be float arrays, got dtype {}'.format(x.dtype))
    grad_outputs = tuple(
        None if g is None else numpy.float64(g) if numpy.isscalar(g)
        else g.astype(numpy.float64) for g in _as_tuple(grad_outputs))
    arrays = [a for a in inputs + grad_outputs if a is not None and not numpy.isscalar(a)]
    if not backend.is_arrays_compatible(arrays):
        raise RuntimeError('numerical_grad: the inputs and output gradients mix CPU and GPU '
                           'arrays')
    xp = backend.get_array_module(*arrays)
    offsets = (-1.0, -0.5, 0.0, 0.5, 1.0) if detect_nondifferentiable else (-1.0, 1.0)

    def evaluate():
        ys = _as_tuple(f())
        if len(ys) != len(grad_outputs):
            raise ValueError('numerical_grad: f returned {} outputs for {} output '
                             'gradients'.format(len(ys), len(grad_outputs)))
        # Copies: f may return an input itself, which is perturbed again next.
        return [_float64_copy(xp, y) for y in ys]

    grads = []
    with using_config('type_check', False):
        center = evaluate() if detect_nondifferentiable else None
        for i_in, x in enumerate(inputs):
            gx = xp.zeros(x.shape, numpy.float64)
            original = x.copy()
            for index in numpy.ndindex(x.shape):
                value = original[index]
                samples = []
                for k in offsets:
                    if k == 0.0:
                        samples.append(center)
                        continue
                    x[index] = value + k * eps
                    try:
                        samples.append(evaluate())
                    finally:
                        x[index] = value
                if detect_nondifferentiable and any(
                        y is not None and y.size for y in samples[0]):
                    _detect_nondifferentiable(xp, samples, diff_atol, diff_rtol, i_in, x,
                                              index, eps)
                total = 0.0
                for i_out, gy in enumerate(grad_outputs):
                    if gy is None or samples[0][i_out] is None:
                        continue
                    if len(samples) == 2:
                        diff = (samples[1][i_out] - samples[0][i_out]) / (2 * eps)
                    else:
                        diff = (-samples[4][i_out] + 8 * samples[3][i_out]
                                - 8 * samples[1][i_out] + samples[0][i_out]) / (6 * eps)
                    total = total + (diff * gy).sum()
                gx[index] = total
            grads.append(gx.astype(x.dtype, copy=False))
    return tuple(grads)


def assert_allclose(x, y, atol=1e-5, rtol=1e-4, verbose=True):
    """Deprecated alias of :func:`kusari.testing.assert_allclose` (as in Chainer).

    Warns
    -----
    DeprecationWarning
        Always.
    """
    warnings.warn('kusari.gradient_check.assert_allclose is deprecated; use '
                  'kusari.testing.assert_allclose', DeprecationWarning, stacklevel=2)
    from kusari import testing
    testing.assert_allclose(x, y, atol, rtol, verbose)


def _check_outputs_and_grad_outputs(ys, gys):
    if len(ys) != len(gys):
        raise ValueError(
            'there are {} output gradients for {} outputs\noutputs (shape:dtype): {}\n'
            'output gradients: {}'.format(len(gys), len(ys), _format_array_props(ys),
                                          _format_array_props(gys)))
    for y, gy in zip(ys, gys):
        if gy is None:
            continue
        if y is None:   # no gradient reached it: a zero output, whatever its weight
            continue
        if y.shape != gy.shape or y.dtype != gy.dtype:
            raise ValueError(
                'the output gradients must have the shapes and dtypes of the outputs\n'
                'outputs (shape:dtype): {}\noutput gradients: {}'.format(
                    _format_array_props(ys), _format_array_props(gys)))


def _backprop(ys, gys, enable_double_backprop=False):
    """``kusari.backward`` over the outputs that have a gradient.

    An output that is itself one of the leaves (a function returning its input) gets its
    gradient added as the leaf's gradient, as Chainer's backward does.
    """
    import kusari
    pairs = [(y, gy) for y, gy in zip(ys, gys) if y is not None and gy is not None]
    graph = [(y, gy) for y, gy in pairs if y.creator_node is not None]
    if graph:
        kusari.backward([y for y, _ in graph], [gy for _, gy in graph],
                        enable_double_backprop=enable_double_backprop)
    for y, gy in pairs:
        if y.creator_node is None and y.requires_grad:
            old = y.grad_var
            y.grad_var = gy if old is None else old + gy


def _clear_grads(variables):
    for v in variables:
        if v is not None:
            v.grad_var = None


class _CheckBackward:
    """One run of :func:`check_backward` (``_check_backward_with_params`` with
    ``is_immutable_params``: the parameters are arrays, and ``func(inputs, params)`` gets
    fresh Parameters over them at every call)."""

    def __init__(self, func, xs, gys, params, eps, atol, rtol, no_grads, dtype,
                 detect_nondifferentiable, is_immutable_params):
        if dtype is not None and numpy.dtype(dtype).kind != 'f':
            raise ValueError('check_backward: dtype must be a float dtype, got {}'.format(
                numpy.dtype(dtype)))
        xs = _as_tuple(xs)
        params = _as_tuple(params) if params is not None else ()
        if is_immutable_params:
            if any(isinstance(p, Variable) or not hasattr(p, 'dtype') for p in params):
                raise ValueError('check_backward: the parameters must be arrays when they '
                                 'are immutable, got {}'.format(
                                     ', '.join(type(p).__name__ for p in params)))
        if no_grads is None:
            no_grads = [None if x is None else x.dtype.kind != 'f' for x in xs]
        elif len(no_grads) != len(xs):
            raise ValueError('check_backward: no_grads has {} elements for {} inputs'.format(
                len(no_grads), len(xs)))
        self.func = func
        self.xs = xs
        self.gys = None if gys is None else _as_tuple(gys)
        self.params = params
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
        self.no_grads = list(no_grads)
        self.dtype = dtype
        self.detect_nondifferentiable = detect_nondifferentiable
        self.is_immutable_params = is_immutable_params
        self.device = backend.get_device_from_array(*[x for x in xs if x is not None])

    def run(self):
        """Compare the two directional derivatives; raise AssertionError if they differ."""
        with backend.using_device(self.device):
            self._run()

    # -- the parts of a run
    def _call(self, xs, param_arrays=None):
        if self.is_immutable_params:
            ps = tuple(Parameter(p) for p in (self.params if param_arrays is None
                                              else param_arrays))
            return _as_tuple(self.func(xs, ps)), ps
        return _as_tuple(self.func(*xs)), self.params

    def _run(self):
        xs = [None if x is None else Variable(x, requires_grad=x.dtype.kind == 'f')
              for x in self.xs]
        ys, params = self._call(xs)
        # func may call backward itself; only the gradients of this check count.
        _clear_grads(xs)
        _clear_grads(params)

        if self.gys is None:
            if not (len(ys) == 1 and ys[0] is not None and ys[0].shape == ()):
                raise ValueError(
                    'check_backward: y_grad can be None only for a loss (one output of shape '
                    '()), got outputs of shapes {}'.format(
                        ', '.join(str(getattr(y, 'shape', None)) for y in ys)))
            xp = backend.get_array_module(ys[0])
            gys = (xp.ones_like(ys[0].array),)
        else:
            gys = self.gys
            _check_outputs_and_grad_outputs(ys, gys)
        gys = tuple(None if y is None else gy for y, gy in zip(ys, gys))
        ys0 = tuple(None if y is None else y.array for y in ys)

        directions = self._sample_directions()
        analytic = self._backward_derivative(xs, ys, params, gys, directions)
        numeric = self._numeric_derivative(directions, gys)
        self._compare(numeric, analytic, directions, gys, ys0)

    def _sample_directions(self):
        xp = self.device.xp
        shapes = [None if x is None else x.shape
                  for x, skip in zip(self.xs, self.no_grads) if not skip]
        shapes += [p.shape for p in self.params]
        sizes = [0 if s is None else int(numpy.prod(s)) for s in shapes]
        packed = self._sample_unit_vector(sum(sizes), xp)
        out, start = [], 0
        for shape, size in zip(shapes, sizes):
            out.append(None if shape is None else packed[start:start + size].reshape(shape))
            start += size
        return out

    @staticmethod
    def _sample_unit_vector(size, xp):
        """A random unit vector of ``size`` elements, none smaller than ``0.1 / sqrt(size)``.

        Tiny elements would make the comparison unstable along their axes, so the absolute
        values are the quadratic mean of a normal sample's (weight 0.99) and the uniform
        vector's (weight 0.01); the signs are the sample's.
        """
        v = xp.random.normal(size=(size,))
        if size == 0:
            return v
        sq = v * v
        return xp.copysign(xp.sqrt(0.99 * sq / sq.sum() + 0.01 / size), v)

    def _backward_derivative(self, xs, ys, params, gys, directions):
        gys = [None if gy is None else Variable(gy.copy(), requires_grad=False) for gy in gys]
        _backprop(ys, gys)
        for x, skip in zip(xs, self.no_grads):
            if skip and x is not None and x.grad is not None:
                raise RuntimeError(
                    'check_backward: backward computed a gradient for an input that has no '
                    'gradient to check (an integer input, or one marked in no_grads)')
        grads = [None if x is None else x.grad
                 for x, skip in zip(xs, self.no_grads) if not skip]
        grads += [p.grad for p in params]
        total = 0.0
        for g, d in zip(grads, directions):
            if g is not None:
                total = total + (g.astype(numpy.float64) * d).sum()
        return total

    def _numeric_derivative(self, directions, gys):
        xp = self.device.xp
        dtype = self.dtype
        fixed = []
        for x, skip in zip(self.xs, self.no_grads):
            if skip and x is not None and dtype is not None and x.dtype.kind == 'f':
                x = x.astype(dtype, copy=False)   # skipped float inputs share the dtype
            fixed.append(x)
        used = [x for x, skip in zip(self.xs, self.no_grads) if not skip]
        param_arrays = [p if self.is_immutable_params else p.array for p in self.params]
        bases = [None if a is None else a if dtype is None else a.astype(dtype, copy=False)
                 for a in used + param_arrays]
        originals = None if self.is_immutable_params else [p.array for p in self.params]
        delta = xp.array(0.0, numpy.float64)
        n_used = len(used)

        def perturbed(a, d):
            if a is None:
                return None
            out = (a.astype(numpy.float64) + delta * d).astype(a.dtype)
            return xp.asarray(out)

        def g():
            moved = [perturbed(a, d) for a, d in zip(bases, directions)]
            xs, j = [], 0
            for x, skip in zip(fixed, self.no_grads):
                if skip:
                    xs.append(None if x is None else Variable(x, requires_grad=False))
                else:
                    xs.append(None if moved[j] is None else Variable(moved[j]))
                    j += 1
            if self.is_immutable_params:
                ys, _ = self._call(xs, moved[n_used:])
            else:
                for p, a in zip(self.params, moved[n_used:]):
                    p.array = a
                _clear_grads(xs)
                _clear_grads(self.params)
                ys, _ = self._call(xs)
            return tuple(None if y is None else y.array for y in ys)

        try:
            gx, = numerical_grad(g, (delta,), gys, eps=self.eps,
                                 detect_nondifferentiable=self.detect_nondifferentiable,
                                 diff_atol=0, diff_rtol=self.rtol)
        finally:
            if originals is not None:
                for p, a in zip(self.params, originals):
                    p.array = a
        return gx

    def _compare(self, numeric, analytic, directions, gys, ys0):
        from kusari.testing import array as testing_array
        try:
            testing_array.assert_allclose(numeric, analytic, atol=self.atol, rtol=self.rtol)
        except AssertionError as e:
            s = io.StringIO()
            s.write('check_backward failed (eps={} atol={} rtol={})\n'.format(
                self.eps, self.atol, self.rtol))
            s.write('the directional derivative by central differences is {} but backward '
                    'gives {}\n'.format(float(numeric), float(analytic)))
            for i, x in enumerate(self.xs):
                s.write('inputs[{}]:\n{}\n'.format(i, x))
            for i, gy in enumerate(gys):
                s.write('grad_outputs[{}]:\n{}\n'.format(i, gy))
            for i, d in enumerate(directions):
                s.write('directions[{}]:\n{}\n'.format(i, d))
            s.write('x: numerical derivative, y: backward derivative\n')
            s.write(str(e))
            raise AssertionError(s.getvalue()) from None


def check_backward(func, x_data, y_grad, params=(), eps=1e-3, atol=1e-5, rtol=1e-4,
                   no_grads=None, dtype=None, detect_nondifferentiable=False):
    """Check the gradients that backprop computes for ``func`` against central differences.

    Both are taken along one random unit direction ``r`` of the joint input (and parameter)
    space: backprop gives ``grad . r``, and ``(g(eps) - g(-eps)) / (2 eps)`` estimates it
    with ``g(t) = sum(y_grad * func(x + t r))``.

    Parameters
    ----------
    func : callable
        Takes one Variable per element of ``x_data`` and returns a Variable or a tuple of
        Variables; it is called several times and must be deterministic.
    x_data : array or tuple of arrays
        The inputs, of any shapes; integer inputs are passed as they are and not checked.
    y_grad : array, tuple of arrays (None elements allowed) or None
        The output gradients, each of its output's shape and dtype; None for a loss (a
        single output of shape ``()``), which starts from one.
    params : Variable or tuple of Variable
        Variables (e.g. a link's Parameters) that ``func`` uses; their gradients are checked
        too. They are perturbed in place and restored.
    eps : float
        The finite-difference step.
    atol, rtol : float
        The comparison passes when ``|numeric - backward| <= atol + rtol * |backward|``.
    no_grads : list of bool, optional
        One flag per input: True for inputs not to check, whose gradient must then stay
        None. By default integer inputs.
    dtype : float dtype, optional
        The dtype that the float inputs and the parameters are cast to for the numerical
        derivative (e.g. float64 for a float16 function); by default their own.
    detect_nondifferentiable : bool
        Raise :class:`NondifferentiableError` where ``func`` is not differentiable along the
        direction at the point.

    Raises
    ------
    AssertionError
        When the two derivatives differ; the message gives both, the inputs, the output
        gradients and the direction.
    ValueError
        If ``no_grads`` or ``y_grad`` does not match the inputs or outputs (count, shape or
        dtype), ``y_grad`` is None for a function that is not a loss, or ``dtype`` is not a
        float dtype.
    RuntimeError
        If backprop computes a gradient for an input that is not checked.
    NondifferentiableError
        Where the detection is on and finds a non-differentiable point.
    """
    _CheckBackward(func, x_data, y_grad, params, eps, atol, rtol, no_grads, dtype,
                   detect_nondifferentiable, is_immutable_params=False).run()


def _check_backward_with_params(func, x_data, y_grad, params=(), eps=1e-3, atol=1e-5,
                                rtol=1e-4, no_grads=None, dtype=None,
                                detect_nondifferentiable=False):
    """:func:`check_backward` for parameters given as arrays: ``func(inputs, params)`` gets
    fresh Parameters over the (perturbed) arrays at every call, so the caller's link is never
    modified in place. Used by :class:`kusari.testing.LinkTestCase`."""
    _CheckBackward(func, x_data, y_grad, params, eps, atol, rtol, no_grads, dtype,
                   detect_nondifferentiable, is_immutable_params=True).run()


def _first_order_grad(func, n_x, params=(), zeros_for_none=False, skip=()):
    """The function ``(*xs, *gys) -> (gradients of the float xs, gradients of params)``.

    Its outputs are recorded for double backprop, so that checking its backward checks the
    second derivatives of ``func``. A gradient that backprop leaves None is None, or zeros
    with ``zeros_for_none`` (so that third derivatives can be checked through it too).
    Inputs whose index is in ``skip`` have no gradient output.
    """
    from kusari.functions import cast

    def first_order(*args):
        xs, gys = args[:n_x], args[n_x:]
        ys = _as_tuple(func(*xs))
        # The numerical derivative may hand in float64 output gradients for outputs of
        # another dtype.
        if len(gys) == len(ys):
            gys = tuple(gy if gy is None or y is None or gy.dtype == y.dtype
                        else cast(gy, y.dtype) for y, gy in zip(ys, gys))
        _check_outputs_and_grad_outputs(ys, gys)
        _backprop(ys, gys, enable_double_backprop=True)
        out = []
        for i, x in enumerate(xs):
            if x is None:
                continue
            if x.dtype.kind != 'f':
                if x.grad_var is not None:
                    raise RuntimeError(
                        'check_double_backward: backward computed a gradient for the integer '
                        'input {}'.format(i))
                continue
            if i in skip:
                continue
            out.append(_none_to_zeros(x) if zeros_for_none else x.grad_var)
        for p in params:
            out.append(_none_to_zeros(p) if zeros_for_none else p.grad_var)
        return tuple(out)

    return first_order


def _none_to_zeros(v):
    if v.grad_var is not None:
        return v.grad_var
    return Variable(v.xp.zeros_like(v.array), requires_grad=False)


def check_double_backward(func, x_data, y_grad, x_grad_grad, params=(),
                          params_grad_grad=(), eps=1e-3, atol=1e-4, rtol=1e-3,
                          no_grads=None, dtype=None, detect_nondifferentiable=False):
    """Check the second derivatives of ``func``: :func:`check_backward` applied to
    ``(x, y_grad) -> gradients of func``.

    It assumes that the first derivatives are right (check them with
    :func:`check_backward`); the defaults of ``atol`` and ``rtol`` are larger because the
    numerical second derivatives are less accurate.

    Parameters
    ----------
    func : callable
        As for :func:`check_backward`.
    x_data : array or tuple of arrays
        The inputs.
    y_grad : array or tuple of arrays (None elements allowed)
        The output gradients, each of its output's shape and dtype; they are inputs of the
        checked function as well.
    x_grad_grad : array or tuple of arrays (None elements allowed)
        The gradients flowing into the first-order gradients, one per float input (one per
        input is accepted too: those of integer inputs are dropped), each of its input's
        shape.
    params : Variable or tuple of Variable
        Variables used by ``func``; their first-order gradients are outputs of the checked
        function too, weighted by ``params_grad_grad``.
    params_grad_grad : array or tuple of arrays
        One array per parameter, of its shape.
    eps, atol, rtol, dtype, detect_nondifferentiable
        As for :func:`check_backward`.
    no_grads : list of bool, optional
        One flag per input and output gradient (one per input is accepted too).

    Raises
    ------
    AssertionError
        When the second derivatives differ.
    ValueError, RuntimeError, NondifferentiableError
        As for :func:`check_backward`.
    """
    xs = _as_tuple(x_data)
    gys = _as_tuple(y_grad)
    ggxs = _as_tuple(x_grad_grad)
    params = _as_tuple(params) if params is not None else ()
    ggparams = _as_tuple(params_grad_grad) if params_grad_grad is not None else ()
    n_x = len(xs)
    skip = ()
    if no_grads is not None and len(no_grads) == n_x and len(gys) > 0:
        # One flag per input (kusari's spelling): those inputs have no first-order gradient
        # either.
        skip = {i for i, flag in enumerate(no_grads) if flag}
        no_grads = list(no_grads) + [gy is None or gy.dtype.kind != 'f' for gy in gys]
    returned = [i for i, x in enumerate(xs)
                if x is not None and x.dtype.kind == 'f' and i not in skip]
    if len(ggxs) == n_x and len(returned) != n_x:
        ggxs = tuple(ggxs[i] for i in returned)
    try:
        check_backward(_first_order_grad(func, n_x, params, skip=skip), xs + gys,
                       ggxs + ggparams,
                       params=params, eps=eps, atol=atol, rtol=rtol, no_grads=no_grads,
                       dtype=dtype, detect_nondifferentiable=detect_nondifferentiable)
    except AssertionError as e:
        s = io.StringIO()
        s.write('check_double_backward failed (eps={} atol={} rtol={})\n'.format(
            eps, atol, rtol))
        for i, ggx in enumerate(ggxs):
            s.write('grad_grad_inputs[{}]:\n{}\n'.format(i, ggx))
        for i, ggp in enumerate(ggparams):
            s.write('grad_grad_params[{}]:\n{}\n'.format(i, ggp))
        s.write(str(e))
        raise AssertionError(s.getvalue()) from e
