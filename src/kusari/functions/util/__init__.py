"""Utility functions (``chainer.functions.util``): ``forget``."""

from kusari.functions import _lazy_submodules

__getattr__ = _lazy_submodules(__name__)
