"""Chainer's old module path ``chainer.cuda`` (``import chainer.cuda``, used by example code):
importing it gives the module :mod:`kusari.backends.cuda` itself, as Chainer 7.8.1 does."""
import sys

from kusari.backends import cuda as _cuda

sys.modules[__name__] = _cuda
