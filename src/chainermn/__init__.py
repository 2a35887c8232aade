"""ChainerMN's API, served by kusari: ``chainermn.X`` is the module ``kusari.chainermn.X``.

No logic lives here: names map onto :mod:`kusari.chainermn` (see ``kusari._alias``).
"""
import sys
import types

import kusari.chainermn as _target
from kusari import _alias

_alias.install('chainermn', 'kusari.chainermn')


class _ChainermnModule(types.ModuleType):
    """Reads and writes of ``chainermn.name`` go to ``kusari.chainermn.name``."""

    def __getattr__(self, name):
        return getattr(_target, name)

    def __setattr__(self, name, value):
        if name.startswith('__') or name in _OWN:
            super().__setattr__(name, value)
        else:
            setattr(_target, name, value)

    def __dir__(self):
        return sorted(set(dir(_target)))


_OWN = frozenset(('sys', 'types', '_target', '_alias', '_ChainermnModule', '_OWN'))
__version__ = _target.__version__
sys.modules[__name__].__class__ = _ChainermnModule
