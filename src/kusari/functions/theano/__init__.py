"""``chainer.functions.theano``: present for compatibility; kusari has no Theano support."""

from kusari.functions import _lazy_submodules

__getattr__ = _lazy_submodules(__name__)
