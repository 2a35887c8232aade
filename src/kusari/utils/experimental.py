"""Marking an API as experimental (``chainer.utils.experimental``)."""
import sys
import types
import warnings


def experimental(api_name):
    """Warn (FutureWarning) that the API named ``api_name`` is experimental.

    Call it at the start of the experimental function, or in ``__init__`` of an experimental
    class. Setting ``kusari.disable_experimental_feature_warning = True`` (Chainer's flag,
    also reachable as ``chainer.disable_experimental_feature_warning``) silences it.

    Parameters
    ----------
    api_name : str
        The name shown in the warning, e.g. ``'kusari.links.Foo'``.

    >>> import warnings, kusari.utils
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter('always')
    ...     kusari.utils.experimental('my_function')
    >>> str(w[0].message).startswith('my_function is experimental.')
    True
    """
    import kusari
    if not getattr(kusari, 'disable_experimental_feature_warning', False):
        warnings.warn('{} is experimental. The interface can change in the future.'.format(
            api_name), FutureWarning, stacklevel=2)


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`experimental`.

    ``kusari.utils.experimental`` is the function, but importing the submodule by its full name
    (e.g. through the ``chainer`` alias) rebinds that attribute to the module, which must
    then behave the same.
    """

    def __call__(self, *args, **kwargs):
        return experimental(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
