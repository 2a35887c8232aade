"""Warning about non-deterministic code paths (``chainer.utils.nondeterministic``)."""
import sys
import types
import warnings

from kusari.configuration import config


def nondeterministic(f_name):
    """Warn that ``f_name`` is not deterministic, if ``config.warn_nondeterministic`` is on.

    Kernels that accumulate with atomic additions (on the GPU) give results that can differ
    in the last bits from run to run; they call this before running.

    Parameters
    ----------
    f_name : str
        What is non-deterministic (shown in the warning).
    """
    if getattr(config, 'warn_nondeterministic', False):
        warnings.warn('Potentially non-deterministic code is being executed while '
                      'config.warn_nondeterministic set. Source: ' + f_name, stacklevel=2)


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`nondeterministic`.

    ``kusari.utils.nondeterministic`` is the function, but importing the submodule by its full name
    (e.g. through the ``chainer`` alias) rebinds that attribute to the module, which must
    then behave the same.
    """

    def __call__(self, *args, **kwargs):
        return nondeterministic(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
