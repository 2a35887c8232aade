"""``chainer.functions.theano``: present for compatibility; kusari has no Theano support."""

from kusari.utils._lazy import submodule_getattr

__getattr__ = submodule_getattr(__name__)   # F.<category>.<module> without an import
