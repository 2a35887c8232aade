"""Private helpers shared by the distributions."""
import warnings

import numpy

from kusari import backend
from kusari.configuration import config
from kusari.distribution import Distribution
from kusari.function_node import FunctionNode
from kusari.utils import force_array
from kusari.variable import Variable, as_variable


class cached_property:
    """A read-only property computed once per value of ``config.enable_backprop``.

    A distribution's derived quantities (``p`` from ``logit``, ``log_scale``, ...) are
    computed on first use and reused; computed inside ``no_backprop_mode`` they carry no
    graph, so they are kept apart from the ones computed with backprop enabled.
    """

    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__
        self.name = func.__name__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, cls):
        if obj is None:
            return self
        caches = obj.__dict__.setdefault('_cached_' + self.name, {})
        key = bool(config.enable_backprop)
        try:
            return caches[key]
        except KeyError:
            value = caches[key] = self.func(obj)
            return value

    def __set__(self, obj, value):
        raise AttributeError('attribute {!r} of {} is read-only'.format(
            self.name, type(obj).__name__))


def as_param(x):
    """A parameter as a Variable (arrays are wrapped without gradient)."""
    return as_variable(x)


def as_points(x, dtype):
    """Points ``x`` for ``log_prob`` and friends: Variables as given, arrays and scalars as
    Variables (without gradient) of the parameters' ``dtype``, so that integer samples can
    be evaluated and 0-d arithmetic stays in arrays."""
    if isinstance(x, Variable):
        if x.dtype.kind == 'f':
            return x
        x = x.array       # integer points (discrete samples) carry no gradient
    xp = backend.get_array_module(x)
    return Variable(force_array(xp.asarray(x, dtype=dtype)), requires_grad=False)


def array_of(x):
    """The array of a Variable, or ``x`` itself."""
    return x.array if isinstance(x, Variable) else x


def constant(array):
    """``array`` as a Variable that needs no gradient (a sample that is not
    reparameterized)."""
    return Variable(array, requires_grad=False)


def random_floats(xp, draw, dtype, *args, **kwargs):
    """``xp.random.<draw>(*args, **kwargs)`` as an array of ``dtype``.

    NumPy draws in float64 from its global generator (so ``numpy.random.seed`` fixes the
    samples, as in Chainer) and the result is cast; CuPy draws float16 in float32.
    """
    out = getattr(xp.random, draw)(*args, **kwargs)
    return force_array(xp.asarray(out), dtype)


def draw_like(param, n, draw, *args):
    """``n`` draws of ``xp.random.<draw>(*args)`` for every element of ``param``.

    Parameters
    ----------
    param : Variable
        The parameter whose array module, dtype and shape the draws take.
    n : int
        The number of draws.
    draw : str
        The name of the ``xp.random`` function; ``args`` go before its ``size``.

    Returns
    -------
    array
        Of shape ``(n,) + param.shape`` and ``param``'s dtype (see :func:`random_floats`).
    """
    xp = backend.get_array_module(param.array)
    return random_floats(xp, draw, param.dtype, *args, size=(n,) + param.shape)


class ScalarDistribution(Distribution):
    """A batch of scalar distributions (``event_shape == ()``) whose parameters all have
    the shape ``batch_shape``.

    A subclass names its parameters (attributes giving Variables) in ``_param_names``; the
    first one's shape is ``batch_shape``, and ``params`` maps each name to its value.
    """

    _param_names = ()

    @property
    def batch_shape(self):
        return getattr(self, self._param_names[0]).shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {name: getattr(self, name) for name in self._param_names}


class LocScaleDistribution(ScalarDistribution):
    """A location-scale family on the reals: ``x = loc + scale * eps`` with ``eps`` drawn
    from the standard member by ``xp.random.<_standard_draw>()``.

    ``sample`` is reparameterized (differentiable in ``loc`` and ``scale``); ``_z(x)`` is the
    standardized point ``(x - loc) / scale``.
    """

    _param_names = ('loc', 'scale')
    _standard_draw = None

    def __init__(self, loc, scale):
        self._loc_arg = loc
        self._scale_arg = scale

    @cached_property
    def loc(self):
        return as_param(self._loc_arg)

    @cached_property
    def scale(self):
        return as_param(self._scale_arg)

    @property
    def support(self):
        return 'real'

    def _z(self, x):
        return (as_points(x, self.loc.dtype) - self.loc) / self.scale

    def sample_n(self, n):
        return self.loc + self.scale * draw_like(self.loc, n, self._standard_draw)


class ModifiedXLogX(FunctionNode):
    """``x * log(x)`` with the value 0 at ``x = 0``.

    The derivative is ``1 + log(x)`` for ``x > 0``; at ``x = 0``, where it is unbounded, 0 is
    used and a RuntimeWarning says so. The backward is written with ``F.*`` on the retained
    input, so every higher order is exact for ``x > 0``.
    """

    @property
    def label(self):
        return '_modified_xlogx'

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        positive = x > 0
        safe = xp.where(positive, x, xp.ones((), x.dtype))
        return force_array(xp.where(positive, x * xp.log(safe), xp.zeros((), x.dtype)),
                           x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.where import where
        from kusari.functions.math.exponential import log
        x, = self.get_retained_inputs()
        xp = backend.get_array_module(x.array)
        positive = x.array > 0
        if not positive.all():
            warnings.warn('_modified_xlogx: the gradient at x = 0 is unbounded; 0 is used',
                          RuntimeWarning)
        one = xp.ones((), x.dtype)
        logx = log(where(positive, x, one))
        dx = where(positive, logx + 1.0, xp.zeros((), x.dtype))
        return grad_outputs[0] * dx,


def _modified_xlogx(x):
    """``x * log(x)`` elementwise, 0 at ``x = 0`` (the entropy term of a probability).

    Parameters
    ----------
    x : Variable or array
        Non-negative values, any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return ModifiedXLogX().apply((x,))[0]


def where_param(condition, value, fill):
    """``value`` where ``condition`` holds, the constant ``fill`` elsewhere (a Variable of
    the broadcast shape of ``condition`` and ``value``)."""
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.where import where
    xp = backend.get_array_module(value.array)
    condition = force_array(xp.asarray(condition))
    shape = numpy.broadcast_shapes(condition.shape, value.shape)
    if value.shape != shape:
        value = broadcast_to(value, shape)
    if condition.shape != shape:
        condition = xp.broadcast_to(condition, shape)
    return where(condition, value, xp.full((), fill, value.dtype))
