"""``final`` methods (``chainer.utils.meta``): overriding one raises (or warns).

A class made with :func:`enable_final` checks, when a subclass is defined, that it does not
override a method decorated with :func:`final`.
"""
import warnings

_ACTION = '_kusari_final_action'


def final(*args, **kwargs):
    """Declare a method final; usable as ``@final`` or ``@final(action=...)``.

    Parameters
    ----------
    action : type, optional (keyword only)
        What overriding does: an Exception class is raised, a Warning class is warned
        (TypeError by default).

    Returns
    -------
    callable
        The method itself (marked), or a decorator when called with ``action``.
    """
    def mark(f, action=TypeError):
        if not callable(f):
            raise TypeError('final: {!r} is not callable'.format(f))
        if not (isinstance(action, type) and issubclass(action, (Exception, Warning))):
            raise TypeError('final: action must be an Exception or Warning class, got {!r}'
                            .format(action))
        setattr(f, _ACTION, action)
        return f

    if len(args) == 1 and not kwargs:
        return mark(args[0])
    if args:
        raise TypeError('final takes either a method or keyword arguments')
    return lambda f: mark(f, **kwargs)


class _EnableFinal(type):
    def __new__(mcs, name, bases, namespace):
        for key in namespace:
            for base in bases:
                action = getattr(getattr(base, key, None), _ACTION, None)
                if action is None:
                    continue
                if issubclass(action, Warning):
                    warnings.warn('Overriding method {!r}.'.format(key), action, stacklevel=2)
                else:
                    raise action('method {!r} is final.'.format(key))
        return super().__new__(mcs, name, bases, namespace)


def enable_final(base=(), meta_base=()):
    """A base class whose subclasses may not override its :func:`final` methods.

    Parameters
    ----------
    base : type or tuple of types
        The base classes of the returned class.
    meta_base : type or tuple of types
        Metaclasses to combine with (when a subclass has a metaclass of its own).

    Returns
    -------
    type
        A class to inherit from.
    """
    if not isinstance(base, (list, tuple)):
        base = (base,)
    if not isinstance(meta_base, (list, tuple)):
        meta_base = (meta_base,)
    meta = type('base_metaclass', (_EnableFinal,) + tuple(meta_base), {})
    return meta('EnableFinalBase', tuple(base), {})
