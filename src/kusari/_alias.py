"""Serve another top-level name from kusari's modules: ``chainer.X.Y`` is ``kusari.X.Y``.

``install('chainer', 'kusari')`` (called by the ``chainer`` package) puts a finder on
``sys.meta_path`` so that importing ``chainer.functions`` imports ``kusari.functions`` and
registers that very module object under the second name as well: isinstance checks,
monkeypatching and pickles agree across both names, and nothing is executed twice.
"""
import importlib
import importlib.abc
import importlib.machinery
import sys


class _ExistingModule(importlib.abc.Loader):
    """Loader whose module is one that is already imported."""

    def __init__(self, module):
        self.module = module
        self.spec = getattr(module, '__spec__', None)

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        # importlib set __spec__ to the alias spec; the module keeps its own.
        module.__spec__ = self.spec


class AliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``alias.X.Y`` as the module ``target.X.Y``.

    Parameters
    ----------
    alias : str
        The name served (``'chainer'``); the top-level package itself is not handled.
    target : str
        The package that holds the modules (``'kusari'``).
    """

    def __init__(self, alias, target):
        self.alias = alias
        self.target = target

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(self.alias + '.'):
            return None
        target_name = self.target + fullname[len(self.alias):]
        try:
            module = importlib.import_module(target_name)
        except ModuleNotFoundError as e:
            if e.name is not None and (target_name == e.name
                                       or target_name.startswith(e.name + '.')):
                return None   # -> "No module named 'chainer.X'"
            raise
        return importlib.machinery.ModuleSpec(
            fullname, _ExistingModule(module), is_package=hasattr(module, '__path__'))


def install(alias, target):
    """Put an :class:`AliasFinder` first on ``sys.meta_path`` (once per alias).

    Parameters
    ----------
    alias : str
        The top-level name served from ``target``'s modules.
    target : str
        The package whose modules are served.
    """
    for finder in sys.meta_path:
        if isinstance(finder, AliasFinder) and finder.alias == alias:
            return
    sys.meta_path.insert(0, AliasFinder(alias, target))
