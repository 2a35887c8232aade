"""Functions of this category; the public names are re-exported by kusari.functions."""
from kusari.utils._lazy import submodule_getattr

__getattr__ = submodule_getattr(__name__)   # F.<category>.<module> without an import
