"""``cached_property`` (``chainer.utils.cache``): a property computed once per backprop mode."""
import functools


class cached_property:  # noqa: N801 - Chainer's name
    """A read-only property whose value is computed once and then reused.

    The value is cached separately for ``config.enable_backprop`` True and False: a value
    computed under :func:`~kusari.no_backprop_mode` has no graph, so it is not handed out
    where a graph is needed (and the other way round). The distributions use it for their
    derived parameters.

    Parameters
    ----------
    func : callable
        The getter, ``func(self)``.

    >>> import numpy, kusari, kusari.functions as F
    >>> class C:
    ...     def __init__(self, x):
    ...         self.x = x
    ...     @kusari.utils.cache.cached_property
    ...     def y(self):
    ...         return F.sigmoid(self.x)
    >>> c = C(kusari.Variable(numpy.zeros(2, numpy.float32)))
    >>> c.y is c.y
    True
    """

    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func

    def __get__(self, obj, cls):
        if obj is None:
            return self
        from kusari.configuration import config
        caches = obj.__dict__.setdefault(self.__name__, {})
        key = bool(config.enable_backprop)
        try:
            return caches[key]
        except KeyError:
            value = caches[key] = self.func(obj)
            return value

    def __set__(self, obj, value):
        raise AttributeError('attribute {!r} of {} is read-only'.format(
            self.__name__, type(obj).__name__))
