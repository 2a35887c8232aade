"""Chainer 7.8.1's API, served by kusari: ``chainer.X`` is the module ``kusari.X``.

This package holds no logic of its own: it maps names onto kusari (see ``kusari._alias``).
``chainer.__version__`` is the Chainer API level kusari implements; ``kusari.__version__``
is kusari's own.
"""
import os
import sys
import types
import warnings

import kusari
from kusari import _alias

__version__ = '7.8.1'

_alias.install('chainer', 'kusari')

if os.path.isdir(os.path.join(os.path.dirname(__file__), 'functions')):
    warnings.warn(
        'kusari serves `import chainer`, but a real Chainer has also installed its files into '
        '{}: the two cannot share an environment. Uninstall both and reinstall one of them '
        '(`pip uninstall chainer kusari`).'.format(os.path.dirname(__file__)), stacklevel=2)


class _ChainerModule(types.ModuleType):
    """Reads and writes of ``chainer.name`` go to ``kusari.name``, so that patching one
    patches both (``__version__`` and module dunders stay this module's)."""

    def __getattr__(self, name):
        return getattr(kusari, name)

    def __setattr__(self, name, value):
        if name.startswith('__') or name in _OWN:
            super().__setattr__(name, value)
        else:
            setattr(kusari, name, value)

    def __delattr__(self, name):
        if name.startswith('__') or name in _OWN:
            super().__delattr__(name)
        else:
            delattr(kusari, name)

    def __dir__(self):
        return sorted(set(dir(kusari)) | {'__version__'})


_OWN = frozenset(('_alias', 'os', 'sys', 'types', 'warnings', 'kusari', '_ChainerModule', '_OWN'))
sys.modules[__name__].__class__ = _ChainerModule
