"""Utility functions (``chainer.functions.util``): ``forget``."""

from kusari.utils._lazy import submodule_getattr

__getattr__ = submodule_getattr(__name__)   # F.<category>.<module> without an import
