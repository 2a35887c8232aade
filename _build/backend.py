"""setuptools' build backend, plus what building a wheel needs to compile kusari's kernels
(numpy, numba, threadpoolctl: see setup.py). Editable installs do not compile, so they do
not need them."""
from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 - the backend's hooks

_KERNEL_BUILD_REQUIRES = ['numpy>=2', 'numba>=0.60', 'threadpoolctl>=3.5']


def get_requires_for_build_wheel(config_settings=None):
    """setuptools' requirements for a wheel, and what compiling the kernels needs."""
    return (_setuptools.get_requires_for_build_wheel(config_settings)
            + _KERNEL_BUILD_REQUIRES)
