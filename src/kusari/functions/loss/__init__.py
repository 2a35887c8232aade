"""Functions of this category; the public names are re-exported by kusari.functions."""

from kusari.functions import _lazy_submodules

__getattr__ = _lazy_submodules(__name__)
