"""Attribute access that imports a package's submodules on first use."""
import importlib


def submodule_getattr(package):
    """A module ``__getattr__`` for ``package`` that imports ``package.<name>`` on demand.

    Chainer imports every function module eagerly, so Chainer code reaches them as
    attributes (``F.math.exponential.Exp``); kusari imports them on first use instead.

    Parameters
    ----------
    package : str
        The package's ``__name__``.

    Returns
    -------
    callable
        ``__getattr__(name)``: the submodule, or AttributeError if there is none.
    """
    def __getattr__(name):
        if not name.startswith('_'):
            try:
                return importlib.import_module(package + '.' + name)
            except ModuleNotFoundError as e:
                if e.name != package + '.' + name:
                    raise
        raise AttributeError('module {!r} has no attribute {!r}'.format(package, name))
    return __getattr__
