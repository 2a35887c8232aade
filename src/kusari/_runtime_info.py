"""``print_runtime_info`` (Chainer's ``chainer.print_runtime_info``): versions of kusari and of
the libraries it runs on, for bug reports."""
import platform
import sys

import numpy


class _RuntimeInfo:
    """The versions, collected when constructed; ``str()`` gives the report."""

    def __init__(self):
        import kusari
        from kusari.backends import cuda
        self.kusari_version = kusari.__version__
        self.chainer_version = '7.8.1'     # the Chainer API level kusari implements
        self.chainerx_available = False
        self.numpy_version = numpy.__version__
        self.platform_version = platform.platform()
        self.python_version = sys.version.split()[0]
        try:
            import numba
            self.numba_version = numba.__version__
        except ImportError:  # pragma: no cover - numba is a dependency
            self.numba_version = None
        self.cuda_info = None
        if cuda.available:
            try:
                import cupyx
                self.cuda_info = cupyx.get_runtime_info()
            except Exception as e:  # noqa: BLE001 - a broken CUDA set-up is reported as such
                self.cuda_info = 'unavailable ({}: {})'.format(type(e).__name__, e)
        self.ideep_version = None

    def __str__(self):
        lines = ['Platform: {}'.format(self.platform_version),
                 'Python: {}'.format(self.python_version),
                 'kusari: {} (Chainer API {})'.format(self.kusari_version,
                                                      self.chainer_version),
                 'ChainerX: Not Available',
                 'NumPy: {}'.format(self.numpy_version),
                 'Numba: {}'.format(self.numba_version or 'Not Available')]
        if self.cuda_info is None:
            lines.append('CuPy: Not Available')
        else:
            lines.append('CuPy:')
            lines.extend('  ' + line for line in str(self.cuda_info).splitlines())
        lines.append('iDeep: Not Available')
        return '\n'.join(lines) + '\n'


def _get_runtime_info():
    return _RuntimeInfo()


def print_runtime_info(out=None):
    """Write the platform and the versions of kusari, NumPy, Numba and CuPy.

    Parameters
    ----------
    out : file-like, optional
        Where to write (standard output by default).
    """
    if out is None:
        out = sys.stdout
    out.write(str(_get_runtime_info()))
    if hasattr(out, 'flush'):
        out.flush()
