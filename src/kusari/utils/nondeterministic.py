"""Warning about non-deterministic code paths (``chainer.utils.nondeterministic``)."""
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
