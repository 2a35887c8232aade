"""Build hook: a wheel of kusari carries its CPU kernels compiled (see
``kusari.utils._kernel_warmup``). Everything else is in pyproject.toml."""
import os
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithKernels(build_py):
    """build_py, then compile the main job's Numba kernels into the built package.

    Skipped for editable installs (the kernels then compile on first use, into the source
    tree) and with ``KUSARI_BUILD_KERNELS=0``; a failure only warns, since the kernels
    compile on first use anyway.
    """

    def run(self):
        super().run()
        if getattr(self, 'editable_mode', False) or os.environ.get(
                'KUSARI_BUILD_KERNELS', '1').strip().lower() in ('0', 'false', 'no', 'off'):
            return
        # the built package first; the rest of PYTHONPATH is how pip shows the isolated
        # build environment (numpy, numba) to subprocesses
        path = [os.path.abspath(self.build_lib)] + [
            p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
        env.pop('NUMBA_CACHE_DIR', None)        # the cache must go beside the modules
        env.pop('KUSARI_USE_NUMBA', None)
        result = subprocess.run([sys.executable, '-m', 'kusari.utils._kernel_warmup'],
                                env=env, cwd=self.build_lib)
        if result.returncode != 0:
            print('warning: kusari\'s CPU kernels were not compiled ahead; they will compile '
                  'on first use', file=sys.stderr)


setup(cmdclass={'build_py': BuildPyWithKernels})
